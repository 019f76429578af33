import { describe, expect, it } from "vitest";
import { parseModelRef } from "./catalog";
import { costOf } from "./prices";
import { createProviderConnectionInput, updateProviderConnectionInput } from "./schema";
import { safeErrorMessage } from "./test-connection";

describe("parseModelRef", () => {
  it("splits on the first colon only", () => {
    expect(parseModelRef("openai:gpt-4o-mini")).toEqual({ provider: "openai", modelId: "gpt-4o-mini" });
    expect(parseModelRef("openai_compatible:llama3:8b")).toEqual({
      provider: "openai_compatible",
      modelId: "llama3:8b",
    });
    expect(parseModelRef("offline:offline-demo")).toEqual({ provider: "offline", modelId: "offline-demo" });
  });

  it.each(["gpt-4o", ":gpt-4o", "openai:", "mistral:large"])("rejects %j", (ref) => {
    expect(() => parseModelRef(ref)).toThrow(/not a model reference/);
  });
});

describe("costOf", () => {
  it("prices per million tokens, rounded to 6 decimals", () => {
    expect(costOf({ inputPerMillion: 0.15, outputPerMillion: 0.6 }, 1_000_000, 500_000)).toBe(0.45);
    expect(costOf({ inputPerMillion: 2.5, outputPerMillion: 10 }, 11, 7)).toBe(0.000098);
    expect(costOf({ inputPerMillion: 0, outputPerMillion: 0 }, 123, 456)).toBe(0);
  });
});

describe("connection input schemas", () => {
  it("requires a base URL for OpenAI-compatible connections and normalises it", () => {
    expect(
      createProviderConnectionInput.safeParse({ provider: "openai_compatible", name: "x" }).success,
    ).toBe(false);
    const ok = createProviderConnectionInput.parse({
      provider: "openai_compatible",
      name: " Ollama ",
      baseUrl: "http://ollama.example/v1/",
      models: ["a", "a", "b"],
    });
    expect(ok).toMatchObject({ name: "Ollama", baseUrl: "http://ollama.example/v1", models: ["a", "b"] });
    expect(
      createProviderConnectionInput.safeParse({ provider: "openai", name: "x", baseUrl: "ftp://x" }).success,
    ).toBe(false);
    expect(createProviderConnectionInput.safeParse({ provider: "mistral", name: "x" }).success).toBe(false);
  });

  it("rejects an empty update", () => {
    expect(updateProviderConnectionInput.safeParse({}).success).toBe(false);
    expect(updateProviderConnectionInput.parse({ apiKey: null })).toEqual({ apiKey: null });
  });
});

describe("safeErrorMessage", () => {
  it("removes the key and key-like strings", () => {
    const msg = safeErrorMessage(
      new Error("Incorrect API key provided: sk-live-abcdef123456 (sk-proj-XYZ12345678)"),
      ["sk-live-abcdef123456"],
    );
    expect(msg).toBe("Incorrect API key provided: [redacted] ([redacted])");
    expect(safeErrorMessage(new Error("x".repeat(400)), [])).toHaveLength(301);
  });
});
