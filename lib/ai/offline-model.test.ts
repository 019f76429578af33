import { generateText, stepCountIs, streamText, tool } from "ai";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import ReactMarkdown from "react-markdown";
import remarkGfm from "remark-gfm";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createOfflineModel, OFFLINE_MODEL_ID } from "./offline-model";

/** The reply as the chat shows it: GFM markdown (as components/chat/markdown.tsx renders it) reduced to its text. */
function renderedMarkdown(markdown: string): { html: string; text: string } {
  const html = renderToStaticMarkup(createElement(ReactMarkdown, { remarkPlugins: [remarkGfm] }, markdown));
  const text = html
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&");
  return { html, text };
}

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

  it("unpaced, streams the same text in one piece (a reader who does not watch it being written)", async () => {
    const result = streamText({ model: createOfflineModel({ paced: false }), prompt: "hello offline world" });
    const chunks: string[] = [];
    for await (const c of result.textStream) chunks.push(c);
    expect(chunks).toHaveLength(1);
    const paced = await generateText({ model: createOfflineModel(), prompt: "hello offline world" });
    expect(chunks[0]).toBe(paced.text);
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

  it("quotes the user's text so markdown shows it as typed, not as italics or code", async () => {
    const typed = "6*7 and 6*7, __bold__ ~~gone~~ `code` [link](https://x.test) <b>tag</b> &amp; a\\b";
    const { text: reply } = await generateText({ model: createOfflineModel(), prompt: typed });
    const { html, text } = renderedMarkdown(reply);
    expect(text).toContain(`You said: "${typed}"`);
    // A bare URL may still become a link (GFM autolinks): its text is unchanged.
    expect(html).not.toMatch(/<(em|strong|del|code)\b/);
  });

  it("folds line breaks so the user's text cannot start a heading, list or code block", async () => {
    const { text: reply } = await generateText({
      model: createOfflineModel(),
      prompt: "first\n\n# not a heading\n\n    not code\n- not a list",
    });
    const { html, text } = renderedMarkdown(reply);
    expect(html).not.toMatch(/<(h1|pre|ul|li)\b/);
    expect(text).toContain('You said: "first # not a heading not code - not a list"');
  });

  it("suggests only a tool the agent has", async () => {
    const none = await generateText({ model: createOfflineModel(), prompt: "hi" });
    expect(none.text).toContain("no tools enabled");
    expect(none.text).not.toContain("calculator");
    const withCalc = await generateText({ model: createOfflineModel(), prompt: "hi", tools: { calculator } });
    expect(withCalc.text).toContain("`use the calculator tool: 6*7`");
    // The hint's own example is a code span: it renders literally too.
    expect(renderedMarkdown(withCalc.text).text).toContain("use the calculator tool: 6*7");
  });
});
