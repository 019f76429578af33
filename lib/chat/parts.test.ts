import { generateText, stepCountIs, tool } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { partsFromSteps, textOfParts } from "./parts";

const usage = {
  inputTokens: { total: 3, noCache: 3, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 2, text: 2, reasoning: undefined },
};

describe("partsFromSteps", () => {
  it("turns a tool loop into UI parts: tool call with its output, then the text", async () => {
    let call = 0;
    const model = new MockLanguageModelV3({
      doGenerate: async () => {
        call++;
        return call === 1
          ? {
              content: [{ type: "tool-call", toolCallId: "c1", toolName: "lookup", input: '{"q":"x"}' }],
              finishReason: { unified: "tool-calls", raw: "tool_calls" },
              usage,
              warnings: [],
            }
          : {
              content: [{ type: "text", text: "Found it." }],
              finishReason: { unified: "stop", raw: "stop" },
              usage,
              warnings: [],
            };
      },
    });
    const result = await generateText({
      model,
      prompt: "find x",
      stopWhen: stepCountIs(3),
      tools: {
        lookup: tool({ inputSchema: z.object({ q: z.string() }), execute: async ({ q }) => ({ found: q }) }),
      },
    });
    const parts = partsFromSteps(result.steps);
    expect(parts.filter((p) => p.type === "step-start")).toHaveLength(2);
    expect(parts).toContainEqual({
      type: "tool-lookup",
      toolCallId: "c1",
      input: { q: "x" },
      state: "output-available",
      output: { found: "x" },
    });
    expect(textOfParts(parts)).toBe("Found it.");
  });

  it("records a failing tool as output-error with its message", async () => {
    let call = 0;
    const model = new MockLanguageModelV3({
      doGenerate: async () => {
        call++;
        return call === 1
          ? {
              content: [{ type: "tool-call", toolCallId: "c2", toolName: "boom", input: "{}" }],
              finishReason: { unified: "tool-calls", raw: undefined },
              usage,
              warnings: [],
            }
          : {
              content: [{ type: "text", text: "Sorry." }],
              finishReason: { unified: "stop", raw: undefined },
              usage,
              warnings: [],
            };
      },
    });
    const result = await generateText({
      model,
      prompt: "x",
      stopWhen: stepCountIs(3),
      tools: {
        boom: tool({
          inputSchema: z.object({}),
          execute: async (): Promise<string> => {
            throw new Error("tool exploded");
          },
        }),
      },
    });
    const parts = partsFromSteps(result.steps);
    expect(parts).toContainEqual(
      expect.objectContaining({ type: "tool-boom", state: "output-error", errorText: "tool exploded" }),
    );
  });
});
