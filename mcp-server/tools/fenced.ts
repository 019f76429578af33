import type { z } from "zod";

/**
 * A contract's output shape as an MCP tool returns it: the fields that hold
 * text written by end users, models or outside systems move under an
 * `untrusted` key, so a client (and the model reading it) can tell them from
 * our own fields. Everything else is the contract's field, unchanged.
 */
export function fenced<T extends z.ZodRawShape, K extends keyof T & string>(
  schema: z.ZodObject<T>,
  keys: readonly K[],
  description: string,
): z.ZodObject<Omit<T, K> & { untrusted: z.ZodObject<Pick<T, K>> }> {
  // zod's pick/omit cannot check a mask built from a generic key list; the types above say what it does.
  const mask = Object.fromEntries(keys.map((k) => [k, true])) as never;
  return schema.omit(mask).extend({ untrusted: schema.pick(mask).describe(description) }) as never;
}

/** The value side of `fenced`: moves `keys` of a serialized object under `untrusted`. */
export function fence<T extends Record<string, unknown>, K extends keyof T & string>(
  value: T,
  keys: readonly K[],
): Omit<T, K> & { untrusted: Pick<T, K> } {
  const rest: Record<string, unknown> = { ...value };
  const untrusted: Record<string, unknown> = {};
  for (const k of keys) {
    untrusted[k] = value[k];
    delete rest[k];
  }
  return { ...rest, untrusted } as Omit<T, K> & { untrusted: Pick<T, K> };
}
