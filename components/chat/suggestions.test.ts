import { generateText, tool } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createOfflineModel } from "@/lib/ai/offline-model";
import { chatSuggestions } from "./suggestions";

const texts = (tools: string[]) => chatSuggestions(tools).map((s) => s.text);

describe("chat suggestions", () => {
  it("offers no tool prompt to an agent without tools", () => {
    const none = chatSuggestions([]);
    expect(none.length).toBeGreaterThan(0);
    expect(none.every((s) => s.tool === null)).toBe(true);
    expect(texts([]).join(" ")).not.toMatch(/calculator|web_fetch|list_products/);
  });

  it("suggests the calculator only when it is on (the Support preset has it off)", () => {
    expect(texts(["tag_conversation", "web_fetch"]).join(" ")).not.toContain("calculator");
    expect(texts(["calculator"])[0]).toBe("Use the calculator: 6*7");
  });

  it("maps catalog tools to products and web_fetch to reading a page", () => {
    expect(texts(["list_products", "get_product"])).toContain("Use list_products to show me the products");
    expect(texts(["web_fetch"]).some((t) => t.includes("read this page"))).toBe(true);
  });

  it("every tool suggestion names a tool the agent has, three suggestions at most", () => {
    const all = ["current_time", "calculator", "web_fetch", "tag_conversation", "list_products", "get_cart"];
    for (let n = 0; n <= all.length; n++) {
      const tools = all.slice(0, n);
      const got = chatSuggestions(tools);
      expect(got.length).toBeLessThanOrEqual(3);
      for (const s of got) if (s.tool) expect(tools).toContain(s.tool);
    }
  });

  it("each tool suggestion makes the offline demo model call that tool", async () => {
    const names = ["calculator", "list_products", "web_fetch", "current_time", "get_cart"];
    const tools = Object.fromEntries(
      names.map((name) => [name, tool({ description: name, inputSchema: z.object({}).passthrough() })]),
    );
    for (const name of names) {
      const [first] = chatSuggestions([name]);
      expect(first?.tool).toBe(name);
      const result = await generateText({ model: createOfflineModel(), prompt: first?.text ?? "", tools });
      expect(result.toolCalls.map((c) => c.toolName)).toEqual([name]);
    }
  });
});
