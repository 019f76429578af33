import { createHash } from "node:crypto";

const MAX_TOOL_NAME = 64;
/** Model APIs accept tool names matching this (OpenAI's rule; Anthropic's and Google's are no looser). */
export const SAFE_TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

const clean = (s: string) => s.replace(/[^a-zA-Z0-9_-]+/g, "_");

/**
 * `<integration-slug>__<tool>`, sanitised to [a-zA-Z0-9_-]{1,64}. A name that
 * had to be shortened or that collides with one already taken gets a short
 * hash of the original, so two server tools never share a model-facing name.
 */
export function exposedToolName(slug: string, tool: string, taken: ReadonlySet<string>): string {
  const prefix = clean(slug).slice(0, 24) || "mcp";
  const base = `${prefix}__${clean(tool) || "tool"}`;
  if (base.length <= MAX_TOOL_NAME && !taken.has(base)) return base;
  const digest = createHash("sha256").update(`${slug}\0${tool}`).digest("hex");
  for (let n = 6; n <= 16; n += 2) {
    const suffix = `_${digest.slice(0, n)}`;
    const name = `${base.slice(0, MAX_TOOL_NAME - suffix.length)}${suffix}`;
    if (!taken.has(name)) return name;
  }
  throw new Error(`no unique tool name for ${prefix}/${tool.slice(0, 40)}`);
}

/** Bytes of tool output passed to the model; the rest is cut and marked. */
export const MAX_OUTPUT_BYTES = 32 * 1024;

export interface ExternalToolOutput {
  /** Written by a third-party server: data to use, never instructions to follow. */
  untrusted: true;
  integration: string;
  isError: boolean;
  content: string;
  truncated: boolean;
}

interface ContentBlock {
  type: string;
  text?: string;
  mimeType?: string;
  resource?: { uri?: string; text?: string; mimeType?: string };
  uri?: string;
  name?: string;
}

function blockText(b: ContentBlock): string {
  if (b.type === "text") return b.text ?? "";
  if (b.type === "resource") return b.resource?.text ?? `[resource ${b.resource?.uri ?? ""}]`;
  if (b.type === "resource_link") return `[resource link ${b.name ?? ""} ${b.uri ?? ""}]`.trim();
  // Images and audio would be base64 noise to a text model.
  return `[${b.type}${b.mimeType ? ` ${b.mimeType}` : ""} omitted]`;
}

/** Cuts at a UTF-8 byte budget without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): { text: string; truncated: boolean } {
  const buf = Buffer.from(text, "utf8");
  if (buf.byteLength <= maxBytes) return { text, truncated: false };
  let end = maxBytes;
  // Step back over continuation bytes (10xxxxxx) to a character boundary.
  while (end > 0 && ((buf[end] ?? 0) & 0xc0) === 0x80) end--;
  return { text: buf.subarray(0, end).toString("utf8"), truncated: true };
}

/** An MCP tools/call result as data for the model: text only, bounded, marked untrusted. */
export function toModelOutput(
  integration: string,
  result: { content?: unknown; structuredContent?: unknown; isError?: boolean },
): ExternalToolOutput {
  const blocks = Array.isArray(result.content) ? (result.content as ContentBlock[]) : [];
  let text = blocks.map(blockText).join("\n");
  if (!text && result.structuredContent !== undefined) text = JSON.stringify(result.structuredContent);
  const cut = truncateUtf8(text, MAX_OUTPUT_BYTES);
  return {
    untrusted: true,
    integration,
    isError: result.isError === true,
    content: cut.text,
    truncated: cut.truncated,
  };
}
