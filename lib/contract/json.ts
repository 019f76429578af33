import { z } from "zod";

/**
 * Pieces every contract's output shape is made of. Output shapes describe the
 * JSON a client receives: dates are ISO 8601 strings, never Date objects.
 */

export const isoTimestamp = z.iso.datetime({ offset: true }).describe("ISO 8601 date-time");

export const iso = (d: Date | string): string => (d instanceof Date ? d : new Date(d)).toISOString();
export const isoOrNull = (d: Date | string | null): string | null => (d === null ? null : iso(d));

export const okOutput = z.object({ ok: z.literal(true) });
export const OK = { ok: true } as const;

/** A page of a keyset-paginated list: pass `nextCursor` back as `cursor`; null on the last page. */
export const nextCursor = z.string().nullable();
