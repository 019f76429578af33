import type { Json } from "./graph-schema";

/**
 * `{{ … }}` expressions in node config: references to data, never code.
 *
 *   $node["Lookup"].output.email   $node["Lookup"].port
 *   $input.items[0].id             $trigger.body.email
 *   $item.sku   $index   $run.id   $flow.id   $now
 *
 * Parsed by the small scanner below in one pass over the text (no regex whose
 * time depends on the input, no eval or Function on user text). Lookups read
 * own properties only, so `__proto__`, `constructor` or `prototype` segments
 * find nothing instead of reaching an object's prototype.
 */

export const MAX_TEMPLATE_LENGTH = 10_000;
export const MAX_PATH_DEPTH = 32;

export type ExpressionRoot = "node" | "input" | "trigger" | "item" | "index" | "run" | "flow" | "now";
export type PathSegment = string | number;

export interface Expression {
  root: ExpressionRoot;
  /** For `$node["Name"]`. */
  nodeName?: string;
  path: PathSegment[];
  source: string;
}

export type TemplatePart = { kind: "text"; text: string } | { kind: "expr"; expr: Expression };

export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExpressionError";
  }
}

const ROOTS = new Set<ExpressionRoot>(["node", "input", "trigger", "item", "index", "run", "flow", "now"]);
const isIdentStart = (c: string) => /[A-Za-z_$]/.test(c);
const isIdent = (c: string) => /[A-Za-z0-9_$]/.test(c);
const isDigit = (c: string) => c >= "0" && c <= "9";

/** Parses the inside of one `{{ }}`. */
export function parseExpression(source: string): Expression {
  const s = source.trim();
  let i = 0;
  const fail = (what: string): never => {
    throw new ExpressionError(`${what} in {{ ${s.slice(0, 80)} }}`);
  };
  const skipSpace = () => {
    while (i < s.length && (s[i] === " " || s[i] === "\t")) i++;
  };
  const readString = (): string => {
    const quote = s[i];
    if (quote !== '"' && quote !== "'") fail("Expected a quoted name");
    i++;
    let out = "";
    while (i < s.length && s[i] !== quote) {
      if (s[i] === "\\") {
        i++;
        if (i >= s.length) break;
      }
      out += s[i];
      i++;
    }
    if (s[i] !== quote) fail("Unterminated string");
    i++;
    return out;
  };
  if (s[i] !== "$")
    fail("An expression starts with $node, $input, $trigger, $item, $index, $run, $flow or $now");
  i++;
  let name = "";
  while (i < s.length && isIdent(s[i] as string)) name += s[i++];
  if (!ROOTS.has(name as ExpressionRoot)) fail(`Unknown root $${name}`);
  const expr: Expression = { root: name as ExpressionRoot, path: [], source: s };
  skipSpace();
  if (expr.root === "node") {
    if (s[i] !== "[") fail('$node needs a name: $node["Name"]');
    i++;
    skipSpace();
    expr.nodeName = readString();
    skipSpace();
    if (s[i] !== "]") fail("Expected ]");
    i++;
  }
  for (;;) {
    skipSpace();
    if (i >= s.length) break;
    if (expr.path.length >= MAX_PATH_DEPTH) fail(`A path has at most ${MAX_PATH_DEPTH} parts`);
    if (s[i] === ".") {
      i++;
      let key = "";
      if (!isIdentStart(s[i] ?? "")) fail("Expected a field name after '.'");
      while (i < s.length && isIdent(s[i] as string)) key += s[i++];
      expr.path.push(key);
    } else if (s[i] === "[") {
      i++;
      skipSpace();
      if (isDigit(s[i] ?? "")) {
        let n = "";
        while (i < s.length && isDigit(s[i] as string)) n += s[i++];
        if (n.length > 9) fail("Index too large");
        expr.path.push(Number(n));
      } else {
        expr.path.push(readString());
      }
      skipSpace();
      if (s[i] !== "]") fail("Expected ]");
      i++;
    } else {
      fail(`Unexpected '${s[i]}' (expressions are references like $node["Name"].output.field)`);
    }
  }
  return expr;
}

/** Splits a string into text and expressions. Throws ExpressionError. */
export function parseTemplate(s: string): TemplatePart[] {
  if (s.length > MAX_TEMPLATE_LENGTH) {
    throw new ExpressionError(`A text with expressions has at most ${MAX_TEMPLATE_LENGTH} characters`);
  }
  const parts: TemplatePart[] = [];
  let at = 0;
  for (;;) {
    const open = s.indexOf("{{", at);
    if (open < 0) break;
    const close = s.indexOf("}}", open + 2);
    if (close < 0) throw new ExpressionError("Unterminated {{ (missing }})");
    if (open > at) parts.push({ kind: "text", text: s.slice(at, open) });
    parts.push({ kind: "expr", expr: parseExpression(s.slice(open + 2, close)) });
    at = close + 2;
  }
  if (at < s.length) parts.push({ kind: "text", text: s.slice(at) });
  return parts;
}

export const hasTemplate = (s: string) => s.includes("{{");

export interface ExpressionScope {
  nodes: Record<string, { output: Json; port?: string }>;
  input: Json;
  trigger: Json;
  item?: Json;
  index?: number;
  run: { id: string };
  flow: { id: string };
  now: string;
}

function step(value: unknown, key: PathSegment): unknown {
  if (value === null || typeof value !== "object") return undefined;
  if (Array.isArray(value)) {
    if (typeof key === "number") return value[key];
    if (key === "length") return value.length;
    return undefined;
  }
  const k = String(key);
  return Object.hasOwn(value, k) ? (value as Record<string, unknown>)[k] : undefined;
}

export function evaluate(expr: Expression, scope: ExpressionScope): Json {
  let value: unknown;
  switch (expr.root) {
    case "node": {
      const name = expr.nodeName as string;
      value = Object.hasOwn(scope.nodes, name) ? scope.nodes[name] : undefined;
      break;
    }
    case "input":
      value = scope.input;
      break;
    case "trigger":
      value = scope.trigger;
      break;
    case "item":
      value = scope.item;
      break;
    case "index":
      value = scope.index;
      break;
    case "run":
      value = scope.run;
      break;
    case "flow":
      value = scope.flow;
      break;
    case "now":
      value = scope.now;
      break;
  }
  for (const key of expr.path) {
    value = step(value, key);
    if (value === undefined) return null;
  }
  return (value ?? null) as Json;
}

const asText = (v: Json): string => (v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));

/** One string: a lone `{{ expr }}` keeps its JSON type; anything else becomes text. */
export function resolveString(s: string, scope: ExpressionScope): Json {
  if (!hasTemplate(s)) return s;
  const parts = parseTemplate(s);
  if (parts.length === 1 && parts[0]?.kind === "expr") return evaluate(parts[0].expr, scope);
  return parts.map((p) => (p.kind === "text" ? p.text : asText(evaluate(p.expr, scope)))).join("");
}

/** Resolves every string in a config value (objects and arrays walked; keys are not templates). */
export function resolveTemplates(value: unknown, scope: ExpressionScope): Json {
  if (typeof value === "string") return resolveString(value, scope);
  if (Array.isArray(value)) return value.map((v) => resolveTemplates(v, scope));
  if (value !== null && typeof value === "object") {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolveTemplates(v, scope);
    return out;
  }
  return (value ?? null) as Json;
}

/** The node names a config refers to, and the expressions that do not parse (with where). */
export function expressionRefs(
  value: unknown,
  at = "",
): { nodeNames: string[]; issues: { path: string; message: string }[] } {
  const nodeNames = new Set<string>();
  const issues: { path: string; message: string }[] = [];
  const walk = (v: unknown, path: string) => {
    if (typeof v === "string") {
      if (!hasTemplate(v)) return;
      try {
        for (const p of parseTemplate(v))
          if (p.kind === "expr" && p.expr.nodeName !== undefined) nodeNames.add(p.expr.nodeName);
      } catch (e) {
        issues.push({ path, message: (e as Error).message });
      }
    } else if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) walk(x, path ? `${path}.${i}` : String(i));
    } else if (v !== null && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
    }
  };
  walk(value, at);
  return { nodeNames: [...nodeNames], issues };
}
