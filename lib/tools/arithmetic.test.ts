import { describe, expect, it } from "vitest";
import { evaluateExpression } from "./arithmetic";
import { runCalculator } from "./calculator";

describe("evaluateExpression", () => {
  it.each([
    ["1 + 2", 3],
    ["2 + 3 * 4", 14],
    ["(2 + 3) * 4", 20],
    ["10 / 4", 2.5],
    ["10 % 4", 2],
    ["7 - 2 - 1", 4],
    ["16 / 4 / 2", 2],
    ["2 ^ 10", 1024],
    ["2 ** 3", 8],
    ["2 ^ 3 ^ 2", 512],
    ["-2 ^ 2", -4],
    ["(-2) ^ 2", 4],
    ["2 ^ -1", 0.5],
    ["-3", -3],
    ["--3", 3],
    ["+4", 4],
    ["3 * -2", -6],
    ["-(1 + 2) * 3", -9],
    [".5 + 1.25", 1.75],
    ["0.1 + 0.2", 0.3],
    ["1.5e3 / 3", 500],
    ["  ( ( 6 ) ) * 7  ", 42],
    ["100 * 1.07 ^ 2", 114.49],
  ])("%s = %s", (expr, value) => {
    expect(evaluateExpression(expr)).toBe(value);
  });

  it.each([
    ["", "The expression is empty."],
    ["   ", "The expression is empty."],
    ["1 +", "The expression ends too early."],
    ["(1 + 2", "A closing parenthesis is missing."],
    ["1 + 2)", 'Unexpected ")" after the end of the expression.'],
    ["1 / 0", "Division by zero."],
    ["5 % 0", "Division by zero."],
    ["2 ^ 5000", "The result is not a finite number."],
    ["2 3", 'Unexpected "3" after the end of the expression.'],
    ["* 3", 'Unexpected "*".'],
    ["process.exit(1)", 'Unexpected "p" at position 1.'],
    ["Math.PI", 'Unexpected "M" at position 1.'],
    ["1; 2", 'Unexpected ";" at position 2.'],
    ["1".repeat(501), "Expressions are limited to 500 characters."],
  ])("rejects %j", (expr, message) => {
    expect(() => evaluateExpression(expr)).toThrow(message);
  });
});

describe("runCalculator", () => {
  it("returns a result or an error object, never throws", () => {
    expect(runCalculator({ expression: "6*7" })).toEqual({ expression: "6*7", result: 42 });
    expect(runCalculator({ expression: "constructor.constructor('x')()" })).toEqual({
      error: 'Unexpected "c" at position 1.',
    });
  });
});
