import { describe, expect, it } from "vitest";
import {
  exposedToolName,
  MAX_OUTPUT_BYTES,
  SAFE_TOOL_NAME,
  toModelOutput,
  truncateUtf8,
} from "./tool-output";

describe("exposedToolName", () => {
  it("prefixes the integration slug and keeps names safe for model APIs", () => {
    expect(exposedToolName("acme", "lookup_order", new Set())).toBe("acme__lookup_order");
    const odd = exposedToolName("acme", "files/read.v2 (beta)", new Set());
    expect(odd).toBe("acme__files_read_v2_beta_");
    expect(odd).toMatch(SAFE_TOOL_NAME);
  });

  it("shortens long names to 64 characters with a hash, and never reuses a taken name", () => {
    const long = exposedToolName("a-very-long-integration-slug", "t".repeat(120), new Set());
    expect(long).toMatch(SAFE_TOOL_NAME);
    expect(long.length).toBeLessThanOrEqual(64);
    const taken = new Set(["acme__a_b"]);
    const second = exposedToolName("acme", "a.b", taken);
    expect(second).not.toBe("acme__a_b");
    expect(second).toMatch(/^acme__a_b_[0-9a-f]{6}$/);
    expect(exposedToolName("", "", new Set())).toBe("mcp__tool");
  });
});

describe("toModelOutput", () => {
  it("joins text blocks, omits binary ones and marks the data untrusted", () => {
    const out = toModelOutput("Orders", {
      content: [
        { type: "text", text: "line one" },
        { type: "image", data: "AAAA", mimeType: "image/png" },
        { type: "resource", resource: { uri: "file:///a", text: "inline" } },
      ],
    });
    expect(out).toEqual({
      untrusted: true,
      integration: "Orders",
      isError: false,
      content: "line one\n[image image/png omitted]\ninline",
      truncated: false,
    });
  });

  it("falls back to structured content and keeps the server's error flag", () => {
    const out = toModelOutput("X", { content: [], structuredContent: { a: 1 }, isError: true });
    expect(out).toMatchObject({ content: '{"a":1}', isError: true });
  });

  it("truncates to 32 KB without splitting a character", () => {
    const out = toModelOutput("X", { content: [{ type: "text", text: "é".repeat(40_000) }] });
    expect(out.truncated).toBe(true);
    expect(Buffer.byteLength(out.content)).toBeLessThanOrEqual(MAX_OUTPUT_BYTES);
    expect(out.content.endsWith("é")).toBe(true);
    expect(truncateUtf8("short", 10)).toEqual({ text: "short", truncated: false });
  });
});
