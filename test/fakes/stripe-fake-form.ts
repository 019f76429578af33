/**
 * Stripe's v1 request encoding, read back: `application/x-www-form-urlencoded`
 * with qs-style brackets (`metadata[workspace_id]=…`, `line_items[0][price]=…`),
 * the format the SDK writes (stripe/cjs/utils.js stringifyRequestData). Objects
 * whose keys are all indices become arrays. Nesting is capped like Stripe's own
 * parser caps it, so a hostile key cannot make the fake recurse without end.
 */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };

const MAX_DEPTH = 8;

function keyPath(key: string): string[] | null {
  const open = key.indexOf("[");
  if (open === -1) return [key];
  const path = [key.slice(0, open)];
  let rest = key.slice(open);
  while (rest.length > 0) {
    if (rest[0] !== "[") return null;
    const close = rest.indexOf("]");
    if (close === -1) return null;
    path.push(rest.slice(1, close));
    rest = rest.slice(close + 1);
  }
  return path.length > MAX_DEPTH ? null : path;
}

function arraysOf(value: FormValue): FormValue {
  if (typeof value === "string" || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const mapped = Object.fromEntries(keys.map((k) => [k, arraysOf(value[k] as FormValue)]));
  if (keys.length > 0 && keys.every((k) => /^\d{1,4}$/.test(k))) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((i) => mapped[String(i)] as FormValue);
  }
  return mapped;
}

/** Parses a form body (or a query string); throws on a malformed key, which the fake answers with a 400. */
export function parseStripeForm(text: string): Record<string, FormValue> {
  const root: Record<string, FormValue> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const path = keyPath(key);
    if (!path || path.some((p) => p === "")) throw new Error(`Invalid parameter name: ${key}`);
    let node: Record<string, FormValue> = root;
    for (const [i, part] of path.entries()) {
      if (i === path.length - 1) {
        node[part] = value;
        break;
      }
      const next = node[part];
      if (typeof next !== "object" || Array.isArray(next)) node[part] = {};
      node = node[part] as Record<string, FormValue>;
    }
  }
  return arraysOf(root) as Record<string, FormValue>;
}
