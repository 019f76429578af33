import { createUIMessageStream, createUIMessageStreamResponse } from "ai";
import { z } from "zod";
import { AppError } from "../errors";
import { safeFetch } from "../net/ssrf";

// What an external agent endpoint must answer (DOM360's agent API): the reply text.
const replySchema = z.union([
  z.object({ reply: z.string() }),
  z.object({ message: z.string() }),
  z.object({ text: z.string() }),
]);

export interface ExternalAgentRequest {
  request_id: string;
  workspace: { id: string; slug: string };
  agent: { id: string; name: string; type: string; version: number; instructions: string };
  conversation: { id: string };
  message: { id: string; text: string };
  rag_options: { enabled: boolean; top_k: number };
}

/** POSTs the turn to the agent's own endpoint (SSRF-guarded, time-limited) and returns its reply. */
export async function callExternalAgent(
  url: string,
  timeoutMs: number,
  body: ExternalAgentRequest,
): Promise<string> {
  const res = await safeFetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-request-id": body.request_id },
    body: JSON.stringify(body),
    timeoutMs,
    maxBytes: 1_000_000,
  });
  if (!res.ok) {
    throw new AppError("unavailable", `The agent endpoint answered ${res.status}.`, {
      details: { status: res.status },
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(await res.text());
  } catch (e) {
    throw new AppError("unavailable", "The agent endpoint did not answer with JSON.", { cause: e });
  }
  const ok = replySchema.safeParse(parsed);
  if (!ok.success) {
    throw new AppError("unavailable", 'The agent endpoint\'s answer has no "reply" text.', {
      cause: ok.error,
    });
  }
  const data = ok.data;
  return "reply" in data ? data.reply : "message" in data ? data.message : data.text;
}

/** Streams an already complete reply in the same wire format as a model's. */
export function replyAsUIStream(
  text: string,
  messageId: string,
  metadata: Record<string, unknown>,
): Response {
  const stream = createUIMessageStream({
    execute({ writer }) {
      writer.write({ type: "start", messageId, messageMetadata: metadata });
      writer.write({ type: "text-start", id: "t0" });
      writer.write({ type: "text-delta", id: "t0", delta: text });
      writer.write({ type: "text-end", id: "t0" });
      writer.write({ type: "finish" });
    },
  });
  return createUIMessageStreamResponse({ stream, headers: { "cache-control": "no-cache, no-transform" } });
}
