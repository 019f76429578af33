import { sql } from "kysely";
import { runAsUser, type Tx } from "../db/rls";
import { isAppError } from "../errors";
import type { WorkspaceScope } from "../workspaces";
import { type CsvProductRow, parseProductsCsv } from "./csv-products";
import { mapCatalogError } from "./errors";
import type { ImportResult, ImportRowError } from "./schema";

const BATCH = 200;

export interface ImportOptions {
  /** Called once the file is read (done 0) and after every committed batch. */
  onProgress?: (done: number, total: number) => void;
}

interface Existing {
  sku: string;
  description: string;
  currency: string;
  stock: number;
  active: boolean;
}

/** A full row to write: blanks take the existing product's value, or the default for a new one. */
function merge(r: CsvProductRow, ex: Existing | undefined) {
  return {
    sku: r.sku,
    name: r.name,
    price: r.price,
    description: r.description ?? ex?.description ?? "",
    currency: r.currency ?? ex?.currency ?? "USD",
    stock: r.stock ?? ex?.stock ?? 0,
    active: r.active ?? ex?.active ?? true,
  };
}

async function upsert(tx: Tx, ctx: WorkspaceScope, rows: CsvProductRow[], existing: Map<string, Existing>) {
  await tx
    .insertInto("products")
    .values(
      rows.map((r) => ({
        workspace_id: ctx.workspaceId,
        created_by: ctx.claims.sub,
        ...merge(r, existing.get(r.sku)),
      })),
    )
    .onConflict((oc) =>
      oc.columns(["workspace_id", "sku"]).doUpdateSet((eb) => ({
        name: eb.ref("excluded.name"),
        description: eb.ref("excluded.description"),
        price: eb.ref("excluded.price"),
        currency: eb.ref("excluded.currency"),
        stock: eb.ref("excluded.stock"),
        active: eb.ref("excluded.active"),
      })),
    )
    .execute();
}

/** A refusal that would hit every row alike (no permission): stop the import rather than list it N times. */
const isFatal = (e: unknown) => {
  const mapped = mapCatalogError(e);
  return !isAppError(mapped) || mapped.code === "forbidden";
};

/**
 * One batch in one transaction. Rows were validated before, so the batch
 * normally goes in whole; if the database still refuses it, each row is
 * retried under a savepoint so only the offending rows are reported.
 */
async function importBatch(ctx: WorkspaceScope, rows: CsvProductRow[], errors: ImportRowError[]) {
  return runAsUser(ctx.claims, async (tx) => {
    // Locked so a concurrent edit cannot slip between reading the kept values and writing the row.
    const found = await tx
      .selectFrom("products")
      .select(["sku", "description", "currency", "stock", "active"])
      .where("workspace_id", "=", ctx.workspaceId)
      .where(
        "sku",
        "in",
        rows.map((r) => r.sku),
      )
      .forUpdate()
      .execute();
    const existing = new Map(found.map((p) => [p.sku, p]));
    let created = 0;
    let updated = 0;
    const count = (r: CsvProductRow) => (existing.has(r.sku) ? updated++ : created++);
    await sql`savepoint batch`.execute(tx);
    try {
      await upsert(tx, ctx, rows, existing);
      rows.forEach(count);
      return { created, updated };
    } catch (e) {
      if (isFatal(e)) throw mapCatalogError(e);
      await sql`rollback to savepoint batch`.execute(tx);
    }
    for (const r of rows) {
      await sql`savepoint one`.execute(tx);
      try {
        await upsert(tx, ctx, [r], existing);
        count(r);
      } catch (e) {
        if (isFatal(e)) throw mapCatalogError(e);
        await sql`rollback to savepoint one`.execute(tx);
        const mapped = mapCatalogError(e);
        errors.push({ row: r.row, message: isAppError(mapped) ? mapped.message : "Could not be saved." });
      }
    }
    return { created, updated };
  });
}

/**
 * Member or above. Creates or updates products by SKU from a CSV whose first
 * row names the columns (sku, name, price required; description, currency,
 * stock, active optional, in any order). Bad rows are reported with their row
 * number and left out; the others are imported. Batches commit as they go, so
 * a failure part-way keeps what was already imported.
 */
export async function importProductsCsv(
  ctx: WorkspaceScope,
  csv: string,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const parsed = parseProductsCsv(csv);
  const errors = [...parsed.errors];
  const total = parsed.rows.length;
  let done = 0;
  let created = 0;
  let updated = 0;
  opts.onProgress?.(0, total);
  for (let i = 0; i < total; i += BATCH) {
    const batch = parsed.rows.slice(i, i + BATCH);
    const r = await importBatch(ctx, batch, errors);
    created += r.created;
    updated += r.updated;
    done += batch.length;
    opts.onProgress?.(done, total);
  }
  errors.sort((a, b) => a.row - b.row);
  return { created, updated, errors };
}
