import { generateText, stepCountIs, streamText, tool } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createOfflineModel, OFFLINE_MODEL_ID } from "./offline-model";

const calculator = tool({
  description: "calculate",
  inputSchema: z.object({ expression: z.string() }),
  execute: async ({ expression }) => (expression === "6*7" ? 42 : -1),
});

describe("offline model", () => {
  it("streams a deterministic echo in several chunks with usage", async () => {
    const result = streamText({
      model: createOfflineModel({ chunkDelayMs: 0 }),
      prompt: "hello offline world",
    });
    const chunks: string[] = [];
    for await (const c of result.textStream) chunks.push(c);
    expect(chunks.length).toBeGreaterThan(5);
    const text = chunks.join("");
    expect(text).toContain('You said: "hello offline world"');
    expect(text).toContain("Add a model provider");
    const again = await generateText({ model: createOfflineModel(), prompt: "hello offline world" });
    expect(again.text).toBe(text);
    expect((await result.usage).outputTokens).toBeGreaterThan(0);
    expect((await result.response).modelId).toBe(OFFLINE_MODEL_ID);
  });

  it("calls a tool only when asked explicitly, then reports the result", async () => {
    const asked = await generateText({
      model: createOfflineModel({ chunkDelayMs: 0 }),
      prompt: "use the calculator tool: 6*7",
      tools: { calculator },
      stopWhen: stepCountIs(3),
    });
    expect(asked.steps[0]?.toolCalls[0]).toMatchObject({
      toolName: "calculator",
      input: { expression: "6*7" },
    });
    expect(asked.steps[0]?.toolResults[0]).toMatchObject({ output: 42 });
    expect(asked.text).toContain("calculator returned 42");

    const notAsked = await generateText({
      model: createOfflineModel(),
      prompt: "what is 6*7?",
      tools: { calculator },
    });
    expect(notAsked.toolCalls).toHaveLength(0);
    const unknownTool = await generateText({
      model: createOfflineModel(),
      prompt: "use the weather tool",
      tools: { calculator },
    });
    expect(unknownTool.toolCalls).toHaveLength(0);
  });

  it("takes a JSON object in the message as the tool input", async () => {
    const r = await generateText({
      model: createOfflineModel(),
      prompt: 'call calculator {"expression": "6*7"}',
      tools: { calculator },
      stopWhen: stepCountIs(2),
    });
    expect(r.steps[0]?.toolResults[0]).toMatchObject({ output: 42 });
  });
});
