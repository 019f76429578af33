import type { Role } from "@/components/api/types";
import { queryKeys, workspacePath } from "@/components/api/types";

// The browser's catalog types are the contract's wire shapes (type-only: no server code reaches the bundle).
export type {
  ProductBody,
  ProductJson as Product,
  ProductPageJson as ProductPage,
} from "@/lib/catalog/contract";
export type { ImportResult, ImportRowError } from "@/lib/catalog/schema";

export const catalogKeys = {
  all: (slug: string) => [...queryKeys.workspace(slug), "catalog"] as const,
  products: (slug: string, search: string) =>
    [...queryKeys.workspace(slug), "catalog", "products", search] as const,
};

export const productsPath = (slug: string, query = "") =>
  workspacePath(slug, `/catalog/products${query ? `?${query}` : ""}`);
export const productPath = (slug: string, id: string) =>
  workspacePath(slug, `/catalog/products/${encodeURIComponent(id)}`);
export const importPath = (slug: string) => workspacePath(slug, "/catalog/import");

/** Members and above write the catalog (RLS says the same). */
export const canEditCatalog = (role: Role) => role !== "viewer";

export function formatPrice(price: number, currency: string): string {
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(price);
  } catch {
    // A code this browser's Intl does not know: still show the amount.
    return `${price.toFixed(2)} ${currency}`;
  }
}
