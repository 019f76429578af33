import type { z } from "zod";
import { AppError } from "../errors";
import { isBlankRecord, parseCsv } from "./csv";
import {
  currencySchema,
  descriptionSchema,
  type ImportRowError,
  MAX_PRICE,
  MAX_STOCK,
  productNameSchema,
  skuSchema,
} from "./schema";

export const CSV_COLUMNS = ["sku", "name", "description", "price", "currency", "stock", "active"] as const;
type Column = (typeof CSV_COLUMNS)[number];
const REQUIRED: Column[] = ["sku", "name", "price"];
export const MAX_IMPORT_ROWS = 10_000;

/**
 * One valid data row. An optional column that is absent or blank is
 * undefined: a new product gets the default, an existing one keeps its value.
 */
export interface CsvProductRow {
  row: number;
  sku: string;
  name: string;
  price: number;
  description?: string;
  currency?: string;
  stock?: number;
  active?: boolean;
}

export interface ProductsCsv {
  rows: CsvProductRow[];
  errors: ImportRowError[];
}

const TRUE = new Set(["true", "yes", "y", "1"]);
const FALSE = new Set(["false", "no", "n", "0"]);

function headerError(message: string): AppError {
  return new AppError("validation_failed", message, { details: [{ path: "csv", message }] });
}

/** Column name to field index; refuses unknown, repeated or missing required columns. */
function readHeader(fields: string[]): Map<Column, number> {
  const index = new Map<Column, number>();
  fields.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    if (name === "") return;
    if (!(CSV_COLUMNS as readonly string[]).includes(name)) {
      throw headerError(`Unknown column "${raw.trim()}". The columns are: ${CSV_COLUMNS.join(", ")}.`);
    }
    if (index.has(name as Column)) throw headerError(`The column "${name}" appears twice.`);
    index.set(name as Column, i);
  });
  const missing = REQUIRED.filter((c) => !index.has(c));
  if (missing.length > 0) {
    throw headerError(`The header row must name the columns ${missing.join(", ")} (first row of the file).`);
  }
  return index;
}

function check<S extends z.ZodType>(schema: S, value: string, column: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new RowError(`${column}: ${result.error.issues[0]?.message ?? "invalid"}`);
  return result.data;
}

class RowError extends Error {}

function parsePrice(raw: string): number {
  if (!/^\d{1,10}(\.\d{1,2})?$/.test(raw)) {
    throw new RowError(`price: "${raw}" is not a price like 12.50 (digits, a dot, at most 2 decimals).`);
  }
  const n = Number(raw);
  if (n > MAX_PRICE) throw new RowError("price: too large.");
  return n;
}

function parseStock(raw: string): number {
  if (!/^\d{1,10}$/.test(raw) || Number(raw) > MAX_STOCK) {
    throw new RowError(`stock: "${raw}" is not a whole number of units (0 or more).`);
  }
  return Number(raw);
}

function parseActive(raw: string): boolean {
  const s = raw.toLowerCase();
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  throw new RowError(`active: "${raw}" is not true or false.`);
}

function readRow(row: number, fields: string[], header: Map<Column, number>, width: number): CsvProductRow {
  // Fewer values is fine (trailing empty cells are often dropped); more means a stray comma.
  if (fields.length > width && fields.slice(width).some((f) => f.trim())) {
    throw new RowError(`This row has ${fields.length} values; the header has ${width} columns.`);
  }
  const cell = (c: Column): string | undefined => {
    const i = header.get(c);
    const v = i === undefined ? undefined : fields[i]?.trim();
    return v === "" ? undefined : v;
  };
  const sku = cell("sku");
  const name = cell("name");
  const price = cell("price");
  if (sku === undefined) throw new RowError("sku: missing.");
  if (name === undefined) throw new RowError("name: missing.");
  if (price === undefined) throw new RowError("price: missing.");
  const out: CsvProductRow = {
    row,
    sku: check(skuSchema, sku, "sku"),
    name: check(productNameSchema, name, "name"),
    price: parsePrice(price),
  };
  const description = cell("description");
  if (description !== undefined) out.description = check(descriptionSchema, description, "description");
  const currency = cell("currency");
  if (currency !== undefined) out.currency = check(currencySchema, currency, "currency");
  const stock = cell("stock");
  if (stock !== undefined) out.stock = parseStock(stock);
  const active = cell("active");
  if (active !== undefined) out.active = parseActive(active);
  return out;
}

/**
 * Reads a products CSV. Problems with the file as a whole (no header, unknown
 * columns, too many rows) throw validation_failed; problems with one row are
 * reported with its row number and the row is left out. A SKU repeated in the
 * file is an error on its later rows (the first one wins).
 */
export function parseProductsCsv(text: string): ProductsCsv {
  const parsed = parseCsv(text);
  const [head, ...body] = parsed.records.filter((r) => r.row === 1 || !isBlankRecord(r));
  if (!head || isBlankRecord(head)) {
    throw headerError(`The file is empty. The first row must name the columns: ${CSV_COLUMNS.join(", ")}.`);
  }
  const header = readHeader(head.fields);
  if (body.length > MAX_IMPORT_ROWS) {
    throw headerError(`Import at most ${MAX_IMPORT_ROWS} rows at a time; this file has ${body.length}.`);
  }
  const rows: CsvProductRow[] = [];
  const errors: ImportRowError[] = [];
  const firstRowOf = new Map<string, number>();
  for (const record of body) {
    try {
      const product = readRow(record.row, record.fields, header, head.fields.length);
      const first = firstRowOf.get(product.sku);
      if (first !== undefined) throw new RowError(`sku: ${product.sku} already appears on row ${first}.`);
      firstRowOf.set(product.sku, record.row);
      rows.push(product);
    } catch (e) {
      if (!(e instanceof RowError)) throw e;
      errors.push({ row: record.row, message: e.message });
    }
  }
  if (parsed.error) errors.push(parsed.error);
  return { rows, errors };
}
