import type { Role } from "@/components/api/types";
import { queryKeys, workspacePath } from "@/components/api/types";

/** A product as the API sends it (dates are ISO strings after JSON). */
export interface Product {
  id: string;
  sku: string;
  name: string;
  description: string;
  price: number;
  currency: string;
  stock: number;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ProductPage {
  products: Product[];
  nextCursor: string | null;
}

/** Payload of POST and PATCH .../catalog/products. */
export interface ProductBody {
  sku: string;
  name: string;
  description: string;
  price: number;
  currency: string;
  stock: number;
  active: boolean;
}

export interface ImportRowError {
  row: number;
  message: string;
}

export interface ImportResult {
  created: number;
  updated: number;
  errors: ImportRowError[];
}

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
