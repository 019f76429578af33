import http from "node:http";
import type { AddressInfo } from "node:net";
import type { UIMessageChunk } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversationMessages, openDb, type SeedWorkspace, seedWorkspace } from "../../test/db/workspace-kit";
import {
  type OpenAICompatibleFake,
  startOpenAICompatibleFake,
} from "../../test/fakes/openai-compatible-fake";
import { createAgent } from "../agents";
import { deleteConversation, listMessages } from "../conversations";
import type { Database } from "../db/client";
import { closeDb } from "../db/client";
import { toAppError } from "../errors";
import { createProviderConnection } from "../providers";
import { closeListener } from "../realtime/listener";
import type { ChatRequest } from "./schema";
import { sendChatMessageAndWait } from "./send-and-wait";
import { sendChatMessage } from "./send-message";
import { stopChatReply } from "./stop";
import { startChatTurn } from "./turn";

// The chat turn as a domain object: its stream is optional, its result is the
// stored reply. Real parts: the embedded PostgreSQL, OpenAI-compatible fakes over HTTP.

const SLOW = "one two three four five six seven eight nine ten eleven twelve";

let db: Database;
let ws: SeedWorkspace;
let fake: OpenAICompatibleFake;
let slow: OpenAICompatibleFake;
let agentId: string;
let slowAgentId: string;

const as = (role: keyof SeedWorkspace["users"]) => ({ claims: ws.users[role].claims, workspaceId: ws.id });
const request = (agent: string, req: Partial<ChatRequest> = {}) =>
  ({ agentId: agent, trigger: "submit", text: "hello", ...req }) as ChatRequest;
const storedReply = async (conversationId: string, index: number) =>
  (await listMessages(as("member"), conversationId, { before: index + 1, limit: 1 }))[0];
const failureOf = (p: Promise<unknown>) =>
  p.then(
    () => "resolved",
    (e: unknown) => toAppError(e),
  );

async function readAll(stream: ReadableStream<UIMessageChunk>): Promise<UIMessageChunk[]> {
  const chunks: UIMessageChunk[] = [];
  for await (const c of stream as unknown as AsyncIterable<UIMessageChunk>) chunks.push(c);
  return chunks;
}

beforeAll(async () => {
  db = openDb();
  fake = await startOpenAICompatibleFake();
  // 12 chunks, 150 ms apart: about 1.8 s for the whole reply.
  slow = await startOpenAICompatibleFake({
    chunkDelayMs: 150,
    defaultTurn: { kind: "text", text: SLOW, chunks: 12 },
  });
  process.env.SSRF_ALLOWLIST = "127.0.0.1";
  ws = await seedWorkspace(db, "turn");
  const [conn, slowConn] = await Promise.all(
    [fake, slow].map((f, i) =>
      createProviderConnection(as("admin"), {
        provider: "openai_compatible",
        name: `Fake ${i}`,
        baseUrl: f.baseUrl,
        models: ["fake-model"],
        apiKey: "sk-test-turn-123456",
      }),
    ),
  );
  const agent = (id: string | undefined, name: string) =>
    createAgent(as("member"), { name, providerConnectionId: id, model: "fake-model" });
  agentId = (await agent(conn?.id, "Turn bot")).id;
  slowAgentId = (await agent(slowConn?.id, "Slow turn bot")).id;
});

afterAll(async () => {
  await Promise.all([fake.stop(), slow.stop()]);
  await closeListener();
  await db.destroy();
  await closeDb();
});

describe("startChatTurn", () => {
  it("finishes and stores a long reply no one reads; the result is the stored row", async () => {
    const text = "word ".repeat(400).trim();
    fake.queue({ kind: "text", text, chunks: 400 });
    const turn = await startChatTurn(as("member"), request(agentId), { workspaceSlug: ws.slug });
    const result = await turn.result;
    expect(result.conversationId).toBe(turn.conversationId);
    expect(result.text).toBe(text);
    expect(result.message).toMatchObject({
      id: turn.assistantMessageId,
      index: turn.index,
      role: "assistant",
      status: "complete",
      model: "fake-model",
      inputTokens: 11,
      outputTokens: 7,
    });
    // What the turn answers is what a reader of the conversation sees.
    expect(result.message).toEqual(await storedReply(turn.conversationId, turn.index));
    const rows = await conversationMessages(db, turn.conversationId);
    expect(rows.map((r) => [r.id, r.message_index])).toEqual([
      [turn.userMessageId, 1],
      [turn.assistantMessageId, 2],
    ]);
  });

  it("streams the ids it reports, and the stored text, in useChat's chunk order", async () => {
    fake.queue({ kind: "text", text: "streamed to a reader", chunks: 4 });
    const turn = await startChatTurn(as("member"), request(agentId), { workspaceSlug: ws.slug });
    const chunks = await readAll(turn.stream);
    expect(chunks[0]).toEqual({
      type: "start",
      messageId: turn.assistantMessageId,
      messageMetadata: {
        conversationId: turn.conversationId,
        messageId: turn.assistantMessageId,
        index: turn.index,
        model: "fake-model",
        offline: false,
      },
    });
    expect(chunks.at(-1)?.type).toBe("finish");
    const streamed = chunks.flatMap((c) => (c.type === "text-delta" ? [c.delta] : [])).join("");
    expect(streamed).toBe("streamed to a reader");
    expect((await turn.result).text).toBe(streamed);
  });

  it("a stream first read after the reply was stored still holds all of it (it is built on first read)", async () => {
    fake.queue({ kind: "text", text: "read only at the end", chunks: 5 });
    const turn = await startChatTurn(as("member"), request(agentId), {
      workspaceSlug: ws.slug,
      watched: false,
    });
    expect((await turn.result).text).toBe("read only at the end");
    const chunks = await readAll(turn.stream);
    expect(chunks[0]).toMatchObject({ type: "start", messageId: turn.assistantMessageId });
    expect(chunks.flatMap((c) => (c.type === "text-delta" ? [c.delta] : [])).join("")).toBe(
      "read only at the end",
    );
    expect(chunks.at(-1)?.type).toBe("finish");
  });

  it("an unwatched turn with the offline model does not pause between words", async () => {
    const offline = await createAgent(as("member"), { name: "Offline turn bot" });
    // ~40 words quoted back, plus the model's own ~35: about 75 pauses of 12 ms when watched.
    const text = Array.from({ length: 40 }, (_, i) => `w${i}`).join(" ");
    const run = async (watched: boolean) => {
      const t0 = performance.now();
      const turn = await startChatTurn(as("member"), request(offline.id, { text }), {
        workspaceSlug: ws.slug,
        watched,
      });
      const r = await turn.result;
      expect(r.text).toContain("w39");
      expect(r.text).toContain("real answers.");
      return performance.now() - t0;
    };
    const watched = await run(true);
    const unwatched = await run(false);
    // The pauses alone make the watched turn take ~900 ms: set by timers, whatever the machine's speed.
    expect(watched).toBeGreaterThan(800);
    // The same words without them: the difference is the pauses, not the machine.
    expect(watched - unwatched).toBeGreaterThan(500);
  });

  it("stores a model failure on the reply: the result is the failed message, not a rejection", async () => {
    fake.queue({ kind: "status", status: 400, body: { error: { message: "bad request", type: "invalid" } } });
    const turn = await startChatTurn(as("member"), request(agentId), { workspaceSlug: ws.slug });
    const result = await turn.result;
    expect(result.message.status).toBe("error");
    expect(result.message.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    expect(result.text).toBe("");
    expect(result.message).toEqual(await storedReply(turn.conversationId, turn.index));
  });

  it("a member's Stop ends a turn no one reads; the result is the stopped reply", async () => {
    const before = slow.requests.length;
    const turn = await startChatTurn(as("member"), request(slowAgentId), { workspaceSlug: ws.slug });
    // The model request is out and a few chunks have come back.
    while (slow.requests.length === before) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 500));
    const t0 = performance.now();
    await stopChatReply(as("member"), { conversationId: turn.conversationId });
    const result = await turn.result;
    expect(performance.now() - t0).toBeLessThan(1200);
    expect(result.message.status).toBe("stopped");
    expect(result.message.error).toBeNull();
    expect(result.text.length).toBeLessThan(SLOW.length);
    expect(SLOW.startsWith(result.text)).toBe(true);
    expect(result.message).toEqual(await storedReply(turn.conversationId, turn.index));
  });

  it("a conversation deleted while the agent answers: not found, and the HTTP form's host is released", async () => {
    const turn = await startChatTurn(as("member"), request(slowAgentId), { workspaceSlug: ws.slug });
    const pending: Promise<unknown>[] = [];
    const res = await sendChatMessage(as("member"), request(slowAgentId), {
      workspaceSlug: ws.slug,
      waitUntil: (p) => pending.push(p),
    });
    const httpConversation = res.headers.get("x-conversation-id") as string;
    await res.body?.cancel();
    // A caller that only streams, never looking at the result.
    const streamOnly = await startChatTurn(as("member"), request(slowAgentId), { workspaceSlug: ws.slug });
    for (const id of [turn.conversationId, httpConversation, streamOnly.conversationId]) {
      await deleteConversation(as("admin"), id);
    }
    await readAll(streamOnly.stream);
    const err = await failureOf(turn.result);
    expect(err).not.toBe("resolved");
    expect([toAppError(err).status, toAppError(err).code]).toEqual([404, "not_found"]);
    // What the host keeps alive settles without a rejection (nothing to log twice, nothing unhandled).
    await expect(Promise.all(pending)).resolves.toEqual([undefined]);
    // The stream-only turn's result rejects after its stream ended, with no one awaiting it:
    // an unhandled rejection would fail this run.
    await new Promise((r) => setTimeout(r, 300));
  });

  it("an external endpoint's reply is stored before the turn is returned", async () => {
    let status = 200;
    const server = http.createServer((_req, res) => {
      res
        .writeHead(status, { "content-type": "application/json" })
        .end(JSON.stringify({ reply: "from the endpoint" }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/agent`;
      const external = await createAgent(as("member"), { name: "External", externalEndpointUrl: url });
      const turn = await startChatTurn(as("member"), request(external.id), { workspaceSlug: ws.slug });
      const stored = await storedReply(turn.conversationId, turn.index);
      expect([stored?.id, stored?.status]).toEqual([turn.assistantMessageId, "complete"]);
      const chunks = await readAll(turn.stream);
      expect(chunks.map((c) => c.type)).toEqual(["start", "text-start", "text-delta", "text-end", "finish"]);
      const result = await turn.result;
      expect(result.text).toBe("from the endpoint");
      expect(result.message).toEqual(await storedReply(turn.conversationId, turn.index));

      // A failing endpoint: the turn does not start, the failure is stored on the reply.
      status = 502;
      const err = await failureOf(
        startChatTurn(as("member"), request(external.id, { conversationId: turn.conversationId }), {
          workspaceSlug: ws.slug,
        }),
      );
      expect(toAppError(err).code).toBe("unavailable");
      const failed = await storedReply(turn.conversationId, turn.index + 2);
      expect(failed?.status).toBe("error");
    } finally {
      server.close();
    }
  });
});

describe("sendChatMessageAndWait", () => {
  it("answers the whole stored reply, its stream cancelled unread", async () => {
    const text = "waited for ".repeat(200).trim();
    fake.queue({ kind: "text", text, chunks: 200 });
    const result = await sendChatMessageAndWait(as("member"), request(agentId), { workspaceSlug: ws.slug });
    expect([result.message.status, result.text]).toEqual(["complete", text]);
    expect(result.message).toEqual(await storedReply(result.conversationId, result.message.index));
  });
});
