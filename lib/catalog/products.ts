import { sql } from "kysely";
import { getDb } from "../db/client";
import { queryAsUser, runAsUser } from "../db/rls";
import { AppError, toAppError } from "../errors";
import { parseWith } from "../validation";
import type { WorkspaceScope } from "../workspaces";
import { withCatalogErrors } from "./errors";
import { type ProductRow, productColumns, toProduct } from "./map";
import {
  type ListProductsQueryInput,
  listProductsQuery,
  type Product,
  type ProductInput,
  type ProductPage,
  type ProductUpdateInput,
  productIdSchema,
  productInput,
  productUpdateInput,
  SKU_PATTERN,
} from "./schema";

const notFound = () => new AppError("not_found", "Product not found.");

/** A malformed id cannot name a product: answer like an unknown one instead of a SQL cast error. */
export function assertProductId(id: string): void {
  if (!productIdSchema.safeParse(id).success) throw notFound();
}

/** `%`, `_` and `\` in the user's text are literal characters, not wildcards. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, "\\$&")}%`;

// Products are listed in SKU order: (workspace_id, sku) is unique, so the last
// SKU of a page is a complete keyset position, and SKUs are short ASCII.
const encodeCursor = (sku: string) => Buffer.from(sku, "utf8").toString("base64url");

function decodeCursor(raw: string): string {
  const sku = Buffer.from(raw, "base64url").toString("utf8");
  if (!SKU_PATTERN.test(sku)) {
    throw new AppError("validation_failed", "Some fields are missing or invalid.", {
      details: [{ path: "cursor", message: "Invalid cursor." }],
    });
  }
  return sku;
}

/** Viewer or above. Inactive products are left out unless asked for (the agent must not offer them). */
export async function listProducts(
  ctx: WorkspaceScope,
  q: ListProductsQueryInput = {},
): Promise<ProductPage> {
  const f = parseWith(listProductsQuery, q);
  const after = f.cursor ? decodeCursor(f.cursor) : undefined;
  const words = (f.search ?? "").split(/\s+/).filter(Boolean).slice(0, 10);
  // One round trip (queryAsUser): agents and MCP clients call this on every catalog question.
  const rows = await (() => {
    let qb = getDb()
      .selectFrom("products")
      .select(productColumns)
      .where("workspace_id", "=", ctx.workspaceId);
    if (!f.includeInactive) qb = qb.where("active", "=", true);
    // The same expression as products_search_idx (trigram GIN), so ilike can use it.
    for (const w of words) {
      qb = qb.where(sql<boolean>`(sku || ' ' || name || ' ' || description) ilike ${likePattern(w)}`);
    }
    if (after) qb = qb.where("sku", ">", after);
    return queryAsUser<ProductRow>(
      ctx.claims,
      qb
        .orderBy("sku")
        .limit(f.limit + 1)
        .compile(),
    );
  })();
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  return {
    products: page.map(toProduct),
    nextCursor: rows.length > f.limit && last ? encodeCursor(last.sku) : null,
  };
}

export async function getProduct(ctx: WorkspaceScope, id: string): Promise<Product> {
  assertProductId(id);
  const [row] = await queryAsUser<ProductRow>(
    ctx.claims,
    getDb()
      .selectFrom("products")
      .select(productColumns)
      .where("workspace_id", "=", ctx.workspaceId)
      .where("id", "=", id)
      .compile(),
  );
  if (!row) throw notFound();
  return toProduct(row);
}

/** The duplicate-SKU refusal, shaped as a field error so forms can show it beside the SKU. */
function skuTaken(e: unknown, sku: string | undefined): unknown {
  const pg = e as { code?: string; constraint?: string };
  if (pg?.code === "23505" && pg.constraint === "products_workspace_id_sku_key") {
    const message = sku ? `Another product already has the SKU ${sku}.` : "Another product has this SKU.";
    return new AppError("conflict", message, { cause: e, details: [{ path: "sku", message }] });
  }
  return e;
}

/** Member or above (RLS). */
export async function createProduct(ctx: WorkspaceScope, input: ProductInput): Promise<Product> {
  const v = parseWith(productInput, input);
  const row = await withCatalogErrors(() =>
    runAsUser(ctx.claims, (tx) =>
      tx
        .insertInto("products")
        .values({ workspace_id: ctx.workspaceId, created_by: ctx.claims.sub, ...v })
        .returning(productColumns)
        .executeTakeFirstOrThrow(),
    ).catch((e) => {
      throw skuTaken(e, v.sku);
    }),
  );
  return toProduct(row);
}

/** Member or above (RLS). Setting `stock` sets the units on the shelf; units in carts are not counted. */
export async function updateProduct(
  ctx: WorkspaceScope,
  id: string,
  input: ProductUpdateInput,
): Promise<Product> {
  assertProductId(id);
  const v = parseWith(productUpdateInput, input);
  const row = await withCatalogErrors(() =>
    runAsUser(ctx.claims, async (tx) => {
      const updated = await tx
        .updateTable("products")
        .set(v)
        .where("workspace_id", "=", ctx.workspaceId)
        .where("id", "=", id)
        .returning(productColumns)
        .executeTakeFirst();
      if (updated) return updated;
      const visible = await tx
        .selectFrom("products")
        .select("id")
        .where("workspace_id", "=", ctx.workspaceId)
        .where("id", "=", id)
        .executeTakeFirst();
      // Visible but not updatable: RLS filtered the row out (a viewer).
      throw visible ? new AppError("forbidden", "Viewers cannot change products.") : notFound();
    }).catch((e) => {
      throw skuTaken(e, v.sku);
    }),
  );
  return toProduct(row);
}

/**
 * Member or above (RLS). A product that sits in a cart is not deleted (its line
 * would lose its name and SKU): deactivate it instead, or empty those carts.
 */
export async function deleteProduct(ctx: WorkspaceScope, id: string): Promise<void> {
  assertProductId(id);
  const inUse = () =>
    new AppError(
      "conflict",
      "This product is in a cart. Deactivate it instead, or remove it from the carts first.",
      {
        details: { code: "product_in_cart" },
      },
    );
  await runAsUser(ctx.claims, async (tx) => {
    const carts = await tx
      .selectFrom("cart_items")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("workspace_id", "=", ctx.workspaceId)
      .where("product_id", "=", id)
      .executeTakeFirstOrThrow();
    if (Number(carts.n) > 0) throw inUse();
    const gone = await tx
      .deleteFrom("products")
      .where("workspace_id", "=", ctx.workspaceId)
      .where("id", "=", id)
      .returning("id")
      .executeTakeFirst();
    if (gone) return;
    const visible = await tx
      .selectFrom("products")
      .select("id")
      .where("workspace_id", "=", ctx.workspaceId)
      .where("id", "=", id)
      .executeTakeFirst();
    throw visible ? new AppError("forbidden", "Viewers cannot delete products.") : notFound();
  }).catch((e) => {
    // Added to a cart between the count and the delete: the foreign key refuses.
    if (toAppError(e).code === "conflict" && (e as { code?: string }).code === "23503") throw inUse();
    throw e;
  });
}
