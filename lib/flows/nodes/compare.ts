import { z } from "zod";
import type { Json } from "../graph-schema";

/**
 * Comparisons for condition and switch. No user-supplied regular expressions:
 * their time would be the user's to choose, on the worker's event loop.
 */
export const operators = [
  "equals",
  "not_equals",
  "greater_than",
  "less_than",
  "contains",
  "not_contains",
  "starts_with",
  "exists",
  "not_exists",
  "is_empty",
  "is_not_empty",
] as const;
export const operatorSchema = z.enum(operators);
export type Operator = z.infer<typeof operatorSchema>;

const sameJson = (a: Json, b: Json) => JSON.stringify(a) === JSON.stringify(b);

function looseEquals(a: Json, b: Json): boolean {
  if (typeof a === "number" && typeof b === "string" && b.trim() !== "") return a === Number(b);
  if (typeof b === "number" && typeof a === "string" && a.trim() !== "") return Number(a) === b;
  if (typeof a === "boolean" && typeof b === "string") return String(a) === b;
  if (typeof b === "boolean" && typeof a === "string") return a === String(b);
  return sameJson(a, b);
}

const isEmpty = (v: Json) =>
  v === null ||
  v === "" ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);

const asNumber = (v: Json) =>
  typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : Number.NaN;

export function compare(left: Json, operator: Operator, right: Json): boolean {
  switch (operator) {
    case "equals":
      return looseEquals(left, right);
    case "not_equals":
      return !looseEquals(left, right);
    case "greater_than":
      return asNumber(left) > asNumber(right);
    case "less_than":
      return asNumber(left) < asNumber(right);
    case "contains":
    case "not_contains": {
      let found = false;
      if (typeof left === "string") found = left.includes(right === null ? "" : String(right));
      else if (Array.isArray(left)) found = left.some((x) => looseEquals(x, right));
      else if (left !== null && typeof left === "object") found = Object.hasOwn(left, String(right));
      return operator === "contains" ? found : !found;
    }
    case "starts_with":
      return typeof left === "string" && left.startsWith(right === null ? "" : String(right));
    case "exists":
      return left !== null;
    case "not_exists":
      return left === null;
    case "is_empty":
      return isEmpty(left);
    case "is_not_empty":
      return !isEmpty(left);
  }
}
