/**
 * A small arithmetic evaluator for the calculator tool: numbers, + - * / % ^,
 * parentheses and unary signs. A recursive-descent parser over a token list,
 * never eval or Function, so a model cannot smuggle code through an "expression".
 *
 * Grammar (^ binds tighter than unary minus and is right-associative, so
 * -2^2 = -4 and 2^3^2 = 512, as in mathematics):
 *   expr   := term (("+" | "-") term)*
 *   term   := unary (("*" | "/" | "%") unary)*
 *   unary  := ("+" | "-") unary | power
 *   power  := atom ("^" unary)?
 *   atom   := number | "(" expr ")"
 */
export class ArithmeticError extends Error {
  override name = "ArithmeticError";
}

const MAX_LENGTH = 500;
const TOKEN = /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|(\*\*|[-+*/%^()]))/y;

type Token = { kind: "num"; value: number } | { kind: "op"; value: string };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < input.length) {
    if (/^\s*$/.test(input.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(input);
    if (!m) throw new ArithmeticError(`Unexpected "${input.slice(at).trim()[0]}" at position ${at + 1}.`);
    if (m[1] !== undefined) tokens.push({ kind: "num", value: Number(m[1]) });
    else tokens.push({ kind: "op", value: m[2] === "**" ? "^" : (m[2] as string) });
    at = TOKEN.lastIndex;
  }
  return tokens;
}

export function evaluateExpression(input: string): number {
  if (input.length > MAX_LENGTH)
    throw new ArithmeticError(`Expressions are limited to ${MAX_LENGTH} characters.`);
  const tokens = tokenize(input);
  if (tokens.length === 0) throw new ArithmeticError("The expression is empty.");
  let pos = 0;
  const peek = () => tokens[pos];
  const isOp = (v: string) => {
    const t = peek();
    return t?.kind === "op" && t.value === v;
  };

  const expr = (): number => {
    let left = term();
    while (isOp("+") || isOp("-")) {
      const op = (tokens[pos++] as Token).value;
      const right = term();
      left = op === "+" ? left + right : left - right;
    }
    return left;
  };
  const term = (): number => {
    let left = unary();
    while (isOp("*") || isOp("/") || isOp("%")) {
      const op = (tokens[pos++] as Token).value;
      const right = unary();
      if ((op === "/" || op === "%") && right === 0) throw new ArithmeticError("Division by zero.");
      left = op === "*" ? left * right : op === "/" ? left / right : left % right;
    }
    return left;
  };
  const unary = (): number => {
    if (isOp("-")) {
      pos++;
      return -unary();
    }
    if (isOp("+")) {
      pos++;
      return unary();
    }
    return power();
  };
  const power = (): number => {
    const base = atom();
    if (!isOp("^")) return base;
    pos++;
    return base ** unary();
  };
  const atom = (): number => {
    const t = tokens[pos++];
    if (!t) throw new ArithmeticError("The expression ends too early.");
    if (t.kind === "num") return t.value;
    if (t.value === "(") {
      const inner = expr();
      if (!isOp(")")) throw new ArithmeticError("A closing parenthesis is missing.");
      pos++;
      return inner;
    }
    throw new ArithmeticError(`Unexpected "${t.value}".`);
  };

  const result = expr();
  const rest = peek();
  if (rest) throw new ArithmeticError(`Unexpected "${rest.value}" after the end of the expression.`);
  if (!Number.isFinite(result)) throw new ArithmeticError("The result is not a finite number.");
  // 0.1 + 0.2 should read 0.3: keep 15 significant digits, the precision doubles actually carry.
  return Number.parseFloat(result.toPrecision(15));
}
