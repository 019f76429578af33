import { z } from "zod";
import { AppError } from "../../errors";
import type { Json } from "../graph-schema";
import { defineNode } from "./define-node";

const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);
const fieldPath = z
  .string()
  .min(1)
  .max(200)
  .refine((p) => p.split(".").every((k) => k !== "" && !FORBIDDEN.has(k)), "Use field names joined by dots");

const operation = z.discriminatedUnion("op", [
  z.object({ op: z.literal("set"), field: fieldPath, value: z.unknown() }).strict(),
  z.object({ op: z.literal("rename"), from: fieldPath, to: fieldPath }).strict(),
  z.object({ op: z.literal("pick"), fields: z.array(fieldPath).min(1).max(100) }).strict(),
  z.object({ op: z.literal("remove"), fields: z.array(fieldPath).min(1).max(100) }).strict(),
]);

type Obj = { [key: string]: Json };
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

function get(obj: Obj, path: string): Json | undefined {
  let v: Json | undefined = obj;
  for (const k of path.split(".")) {
    if (!isObj(v) || !Object.hasOwn(v, k)) return undefined;
    v = v[k];
  }
  return v;
}

function set(obj: Obj, path: string, value: Json) {
  const keys = path.split(".");
  let at = obj;
  for (const k of keys.slice(0, -1)) {
    const next = Object.hasOwn(at, k) ? at[k] : undefined;
    if (!isObj(next)) at[k] = {};
    at = at[k] as Obj;
  }
  at[keys[keys.length - 1] as string] = value;
}

function remove(obj: Obj, path: string) {
  const keys = path.split(".");
  let at: Json | undefined = obj;
  for (const k of keys.slice(0, -1)) at = isObj(at) && Object.hasOwn(at, k) ? at[k] : undefined;
  if (isObj(at)) delete at[keys[keys.length - 1] as string];
}

/** Set, rename, pick and remove fields of the input object, in order. */
export const transform = defineNode({
  type: "transform",
  label: "Transform",
  category: "data",
  description: "Reshapes the input: set fields (values may be expressions), rename, pick or remove fields.",
  config: z
    .object({
      keepInput: z
        .boolean()
        .default(true)
        .describe("Start from the input's fields (off: start from an empty object)"),
      operations: z.array(operation).max(100).default([]).describe("Applied in order"),
    })
    .strict(),
  inputs: ["in"],
  outputs: () => ["out"],
  sideEffects: false,
  defaultTimeoutMs: 1000,
  async run(_ctx, config, input) {
    // A fresh copy: the input is another node's stored output.
    let out: Obj = config.keepInput && isObj(input) ? (structuredClone(input) as Obj) : {};
    for (const o of config.operations) {
      if (o.op === "set") set(out, o.field, (o.value ?? null) as Json);
      else if (o.op === "rename") {
        const v = get(out, o.from);
        if (v !== undefined) {
          remove(out, o.from);
          set(out, o.to, v);
        }
      } else if (o.op === "pick") {
        const picked: Obj = {};
        for (const f of o.fields) {
          const v = get(out, f);
          if (v !== undefined) set(picked, f, v);
        }
        out = picked;
      } else for (const f of o.fields) remove(out, f);
    }
    if (JSON.stringify(out).length > 5_000_000)
      throw new AppError("bad_request", "The transformed value is over 5 MB.");
    return { kind: "done", output: out };
  },
});
