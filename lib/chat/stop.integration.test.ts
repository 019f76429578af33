import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asService, openDb, type SeedWorkspace, seedWorkspace } from "../../test/db/workspace-kit";
import {
  type OpenAICompatibleFake,
  startOpenAICompatibleFake,
} from "../../test/fakes/openai-compatible-fake";
import { createAgent } from "../agents";
import type { Database } from "../db/client";
import { closeDb } from "../db/client";
import { toAppError } from "../errors";
import { createProviderConnection } from "../providers";
import { closeListener } from "../realtime/listener";
import type { ChatRequest } from "./schema";
import { sendChatMessage } from "./send-message";
import { stopChatReply } from "./stop";

// Stop through the real parts: the chat turn streams from a slow OpenAI-compatible
// upstream, stop_chat_reply marks the reply and NOTIFYs, the turn's listener aborts
// the model call (the upstream sees its stream cut), and the text so far is kept.

const FULL = "one two three four five six seven eight nine ten eleven twelve";

let db: Database;
let ws: SeedWorkspace;
let other: SeedWorkspace;
let fake: OpenAICompatibleFake;
let agentId: string;

const as = (w: SeedWorkspace, role: keyof SeedWorkspace["users"]) => ({
  claims: w.users[role].claims,
  workspaceId: w.id,
});

/** Starts a turn and reads its stream until the first text arrives; the rest is left running. */
async function startTurn(req: Partial<ChatRequest> = {}) {
  const finishing: Promise<unknown>[] = [];
  const res = await sendChatMessage(
    as(ws, "member"),
    { agentId, trigger: "submit", text: "count for me", ...req } as ChatRequest,
    { workspaceSlug: ws.slug, waitUntil: (p) => finishing.push(p) },
  );
  const conversationId = res.headers.get("x-conversation-id") as string;
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let seen = "";
  while (!seen.includes('"text-delta"')) {
    const { done, value } = await reader.read();
    if (done) throw new Error("the stream ended before any text");
    seen += decoder.decode(value);
  }
  const messageId = /"messageId":"([^"]+)"/.exec(seen)?.[1] as string;
  return {
    conversationId,
    messageId,
    /** The browser goes away; the server-side turn runs on. */
    leave: () => reader.cancel(),
    finished: () => Promise.all(finishing),
  };
}

const reply = (id: string) =>
  asService(db, (tx) => tx.selectFrom("messages").selectAll().where("id", "=", id).executeTakeFirstOrThrow());
const textOf = (parts: unknown) =>
  (parts as { type: string; text?: string }[])
    .filter((p) => p.type === "text")
    .map((p) => p.text)
    .join("");

beforeAll(async () => {
  db = openDb();
  // 12 chunks, 150 ms apart: about 1.8 s for the whole reply.
  fake = await startOpenAICompatibleFake({
    chunkDelayMs: 150,
    defaultTurn: { kind: "text", text: FULL, chunks: 12 },
  });
  process.env.SSRF_ALLOWLIST = "127.0.0.1";
  [ws, other] = await Promise.all([seedWorkspace(db, "stop"), seedWorkspace(db, "stop-other")]);
  const conn = await createProviderConnection(as(ws, "admin"), {
    provider: "openai_compatible",
    name: "Slow fake",
    baseUrl: fake.baseUrl,
    models: ["fake-model"],
    apiKey: "sk-test-stop-123456",
  });
  const agent = await createAgent(as(ws, "member"), {
    name: "Counter",
    type: "custom",
    providerConnectionId: conn.id,
    model: "fake-model",
  });
  agentId = agent.id;
});

afterAll(async () => {
  await fake.stop();
  await closeListener();
  await db.destroy();
  await closeDb();
});

describe("stopping a reply", () => {
  it("ends the model call and keeps the text so far as a stopped reply, which the next turn sees", async () => {
    const turn = await startTurn();
    const abortedBefore = fake.abortedStreams;
    const t0 = performance.now();
    expect(await stopChatReply(as(ws, "member"), { conversationId: turn.conversationId })).toEqual({
      stopped: 1,
    });
    await turn.finished();
    // Well before the ~1.8 s the full reply takes, and the upstream saw its stream cut.
    expect(performance.now() - t0).toBeLessThan(1200);
    expect(fake.abortedStreams).toBe(abortedBefore + 1);
    const row = await reply(turn.messageId);
    expect(row.status).toBe("stopped");
    expect(row.error).toBeNull();
    const kept = textOf(row.parts);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(FULL.length);
    expect(FULL.startsWith(kept)).toBe(true);
    expect(row.latency_total_ms).not.toBeNull();
    await turn.leave();

    // Stopping again changes nothing; the stopped text is part of the next turn's history.
    expect(
      await stopChatReply(as(ws, "member"), {
        conversationId: turn.conversationId,
        messageId: turn.messageId,
      }),
    ).toEqual({ stopped: 0 });
    const next = await startTurn({ conversationId: turn.conversationId, text: "go on" });
    const history = JSON.stringify(fake.requests.at(-1)?.body.messages);
    expect(history).toContain(kept);
    await stopChatReply(as(ws, "member"), { conversationId: next.conversationId });
    await next.finished();
    await next.leave();
  });

  it("a browser that only goes away does not stop the reply: it is stored complete", async () => {
    const turn = await startTurn();
    await turn.leave();
    await turn.finished();
    const row = await reply(turn.messageId);
    expect([row.status, textOf(row.parts)]).toEqual(["complete", FULL]);
  });

  it("refuses viewers, other workspaces and unknown ids, and changes nothing", async () => {
    const turn = await startTurn();
    const refusals = [];
    for (const [ctx, input] of [
      [as(ws, "viewer"), { conversationId: turn.conversationId }],
      [as(other, "owner"), { conversationId: turn.conversationId }],
      [as(other, "owner"), { conversationId: turn.conversationId, messageId: turn.messageId }],
      [as(ws, "member"), { conversationId: turn.conversationId, messageId: crypto.randomUUID() }],
      [as(ws, "member"), { conversationId: crypto.randomUUID() }],
    ] as const) {
      const err = await stopChatReply(ctx, input).then(
        () => "stopped",
        (e) => toAppError(e).code,
      );
      refusals.push(err);
    }
    expect(refusals).toEqual(["forbidden", "not_found", "not_found", "not_found", "not_found"]);
    await turn.finished();
    const row = await reply(turn.messageId);
    expect([row.status, textOf(row.parts)]).toEqual(["complete", FULL]);
    await turn.leave();
  });
});
