import { tool } from "ai";
import { z } from "zod";
import { ArithmeticError, evaluateExpression } from "./arithmetic";

export const calculatorInput = z.object({
  expression: z
    .string()
    .min(1)
    .max(500)
    .describe("Arithmetic only: numbers, + - * / % ^ and parentheses, e.g. (12.5 * 4) ^ 2 - 3"),
});
export type CalculatorInput = z.infer<typeof calculatorInput>;
export type CalculatorOutput = { expression: string; result: number } | { error: string };

/** Errors are results, not throws: the model reads them and can correct its expression. */
export function runCalculator({ expression }: CalculatorInput): CalculatorOutput {
  try {
    return { expression, result: evaluateExpression(expression) };
  } catch (e) {
    return { error: e instanceof ArithmeticError ? e.message : "The expression could not be evaluated." };
  }
}

export const calculatorTool = () =>
  tool({
    description: "Evaluate an arithmetic expression exactly. Use it instead of doing arithmetic yourself.",
    inputSchema: calculatorInput,
    execute: async (input) => runCalculator(input),
  });
