import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runChatTurn } from "../../test/chat/chat-turn-kit";
import {
  asService,
  conversationMessages,
  openDb,
  type SeedWorkspace,
  seedWorkspace,
} from "../../test/db/workspace-kit";
import {
  type OpenAICompatibleFake,
  startOpenAICompatibleFake,
} from "../../test/fakes/openai-compatible-fake";
import { createAgent } from "../agents";
import type { Database } from "../db/client";
import { closeDb } from "../db/client";
import { toAppError } from "../errors";
import { createProviderConnection, resolveModel } from "../providers";
import type { ChatRequest } from "./schema";
import { sendChatMessage } from "./send-message";

let db: Database;
let ws: SeedWorkspace;
let fake: OpenAICompatibleFake;
let agentId: string;
let provider: string;

const member = () => ({ claims: ws.users.member.claims, workspaceId: ws.id });

async function send(req: Partial<ChatRequest> & { text?: string }, opts: { timeoutMs?: number } = {}) {
  return runChatTurn(member(), { agentId, trigger: "submit", ...req } as ChatRequest, {
    workspaceSlug: ws.slug,
    ...opts,
  });
}

const messagesOf = (conversationId: string) => conversationMessages(db, conversationId);

beforeAll(async () => {
  db = openDb();
  fake = await startOpenAICompatibleFake();
  process.env.SSRF_ALLOWLIST = "127.0.0.1";
  ws = await seedWorkspace(db, "chat");
  const admin = { claims: ws.users.admin.claims, workspaceId: ws.id };
  const conn = await createProviderConnection(admin, {
    provider: "openai_compatible",
    name: "Local fake",
    baseUrl: fake.baseUrl,
    models: ["fake-model"],
    apiKey: "sk-test-secret-123456",
  });
  const agent = await createAgent(member(), {
    name: "Calc bot",
    type: "custom",
    instructions: "You are terse.",
    providerConnectionId: conn.id,
    model: "fake-model",
    tools: ["calculator"],
    maxSteps: 3,
  });
  agentId = agent.id;
  provider = (await resolveModel(member(), agent)).provider;
  await asService(db, (tx) =>
    tx
      .insertInto("model_prices")
      .values({
        workspace_id: ws.id,
        provider,
        model: "fake-model",
        input_per_million: "1000",
        output_per_million: "2000",
      })
      .execute(),
  );
});

afterAll(async () => {
  await fake.stop();
  await db.destroy();
  await closeDb();
});

describe("chat turn through an OpenAI-compatible provider", () => {
  it("persists the user message, streams text, and records tokens, cost and latency", async () => {
    fake.queue({ kind: "text", text: "Hello there, friend.", chunks: 4 });
    const { res, body, conversationId } = await send({ text: "hi" });
    expect(res.status).toBe(200);
    expect(body).toContain('"type":"text-delta"');
    const rows = await messagesOf(conversationId);
    expect(rows.map((r) => [r.message_index, r.role, r.status])).toEqual([
      [1, "user", "complete"],
      [2, "assistant", "complete"],
    ]);
    expect(JSON.stringify(rows[1]?.parts)).toContain("Hello there, friend.");
    expect(rows[1]).toMatchObject({ input_tokens: 11, output_tokens: 7, model: "fake-model" });
    expect(Number(rows[1]?.cost)).toBeCloseTo((11 * 1000 + 7 * 2000) / 1_000_000, 6);
    expect(rows[1]?.latency_first_token_ms).not.toBeNull();
    expect(rows[1]?.latency_total_ms).toBeGreaterThanOrEqual(rows[1]?.latency_first_token_ms ?? 0);
    const sent = fake.requests.at(-1);
    expect(sent?.headers.authorization).toBe("Bearer sk-test-secret-123456");
    expect(JSON.stringify(sent?.body)).not.toContain("sk-test-secret");
    const usage = await asService(db, (tx) =>
      tx
        .selectFrom("usage_daily")
        .selectAll()
        .where("workspace_id", "=", ws.id)
        .where("agent_id", "=", agentId)
        .execute(),
    );
    expect(usage.reduce((n, u) => n + Number(u.output_tokens), 0)).toBeGreaterThanOrEqual(7);
  });

  it("runs the tool loop and stores the tool call and its result", async () => {
    fake.queue(
      { kind: "tool", name: "calculator", args: { expression: "6*7" } },
      { kind: "text", text: "It is 42." },
    );
    const before = fake.requests.length;
    const { conversationId } = await send({ text: "what is 6*7?" });
    const rows = await messagesOf(conversationId);
    const parts = JSON.stringify(rows[1]?.parts);
    expect(parts).toContain('"type":"tool-calculator"');
    expect(parts).toContain('"state":"output-available"');
    expect(parts).toContain("42");
    expect(parts).toContain("It is 42.");
    // Streaming calls only: a non-streaming call titles the new conversation.
    const streamed = fake.requests.slice(before).filter((r) => r.body.stream === true);
    expect(streamed).toHaveLength(2);
    expect(JSON.stringify(streamed[1]?.body.messages)).toContain('"role":"tool"');
  });

  it("titles a new conversation once, after its first exchange, with the model's cleaned-up answer", async () => {
    fake.queue(
      { kind: "text", text: "Sure, here are our plans." },
      { kind: "text", text: '"Team pricing plans."' },
    );
    const before = fake.requests.length;
    const { conversationId } = await send({ text: "what do your team plans cost?" });
    const titleCall = fake.requests.slice(before).find((r) => r.body.stream !== true);
    expect(JSON.stringify(titleCall?.body.messages)).toContain("what do your team plans cost?");
    const title = () =>
      asService(db, (tx) =>
        tx
          .selectFrom("conversations")
          .select("title")
          .where("id", "=", conversationId)
          .executeTakeFirstOrThrow(),
      );
    // Quotes and the trailing period are trimmed.
    expect(await title()).toEqual({ title: "Team pricing plans" });
    // The second exchange asks for no title and leaves it as it is.
    fake.queue({ kind: "text", text: "Anything else?" });
    const second = fake.requests.length;
    await send({ text: "thanks", conversationId });
    expect(fake.requests.slice(second).filter((r) => r.body.stream !== true)).toEqual([]);
    expect(await title()).toEqual({ title: "Team pricing plans" });
  });

  it("stores a provider 500 (after retries) on the assistant message, keeping the user's text", async () => {
    fake.queue(
      { kind: "status", status: 500 },
      { kind: "status", status: 500 },
      { kind: "status", status: 500 },
    );
    const { conversationId } = await send({ text: "please keep this" });
    const rows = await messagesOf(conversationId);
    expect(JSON.stringify(rows[0]?.parts)).toContain("please keep this");
    expect(rows[1]?.status).toBe("error");
    expect(rows[1]?.error).toMatchObject({ code: "provider_error", retryable: true });
  });

  it("gives up on a hanging provider at the timeout", async () => {
    fake.queue({ kind: "hang" });
    const { conversationId } = await send({ text: "are you there?" }, { timeoutMs: 400 });
    const rows = await messagesOf(conversationId);
    expect(rows[1]?.status).toBe("error");
    expect(rows[1]?.error).toMatchObject({ code: "timeout" });
  });

  it("finishes and stores the reply when the client disconnects mid-stream", async () => {
    const slow = await startOpenAICompatibleFake({ chunkDelayMs: 30 });
    const admin = { claims: ws.users.admin.claims, workspaceId: ws.id };
    const conn = await createProviderConnection(admin, {
      provider: "openai_compatible",
      name: "Slow",
      baseUrl: slow.baseUrl,
      models: ["m"],
    });
    const agent = await createAgent(member(), {
      name: "Slow bot",
      providerConnectionId: conn.id,
      model: "m",
    });
    slow.queue({ kind: "text", text: "a long reply that keeps going for a while", chunks: 10 });
    const pending: Promise<unknown>[] = [];
    const res = await sendChatMessage(
      member(),
      { agentId: agent.id, trigger: "submit", text: "go" },
      {
        workspaceSlug: ws.slug,
        waitUntil: (p) => pending.push(p),
      },
    );
    await res.body?.cancel();
    await Promise.all(pending);
    const rows = await messagesOf(res.headers.get("x-conversation-id") as string);
    expect(rows[1]?.status).toBe("complete");
    expect(JSON.stringify(rows[1]?.parts)).toContain("keeps going for a while");
    await slow.stop();
  });

  it("regenerates the last reply and edits-and-resends without gaps in message_index", async () => {
    fake.queue({ kind: "text", text: "first answer" });
    const { conversationId } = await send({ text: "question one" });
    fake.queue({ kind: "text", text: "second answer" });
    await send({ conversationId, trigger: "regenerate" });
    let rows = await messagesOf(conversationId);
    expect(rows.map((r) => r.message_index)).toEqual([1, 2]);
    expect(JSON.stringify(rows[1]?.parts)).toContain("second answer");
    fake.queue({ kind: "text", text: "edited answer" });
    await send({ conversationId, trigger: "edit", editIndex: 1, text: "question one, edited" });
    rows = await messagesOf(conversationId);
    expect(rows.map((r) => r.message_index)).toEqual([1, 2]);
    expect(JSON.stringify(rows[0]?.parts)).toContain("question one, edited");
    expect(JSON.stringify(rows[1]?.parts)).toContain("edited answer");
  });

  it("uses the offline model when the agent has none, calling a tool on request", async () => {
    const agent = await createAgent(member(), { name: "Offline", tools: ["calculator"], maxSteps: 3 });
    const pending: Promise<unknown>[] = [];
    const res = await sendChatMessage(
      member(),
      { agentId: agent.id, trigger: "submit", text: "use the calculator tool: 2+3" },
      {
        workspaceSlug: ws.slug,
        waitUntil: (p) => pending.push(p),
      },
    );
    await res.text();
    await Promise.all(pending);
    const rows = await messagesOf(res.headers.get("x-conversation-id") as string);
    const parts = JSON.stringify(rows[1]?.parts);
    expect(parts).toContain('"type":"tool-calculator"');
    expect(parts).toContain('"result":5');
    expect(rows[1]?.model).toBe("offline-demo");
  });

  it("posts to an external agent endpoint instead of a model when one is set", async () => {
    const seen: unknown[] = [];
    const server = http.createServer(async (req, res) => {
      let raw = "";
      for await (const c of req) raw += c;
      seen.push(JSON.parse(raw));
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ reply: "from the SDR service" }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sdr`;
    const agent = await createAgent(member(), {
      name: "External SDR",
      type: "sdr",
      externalEndpointUrl: url,
      ragEnabled: true,
      ragTopK: 4,
    });
    const pending: Promise<unknown>[] = [];
    const res = await sendChatMessage(
      member(),
      { agentId: agent.id, trigger: "submit", text: "I want a demo" },
      {
        workspaceSlug: ws.slug,
        waitUntil: (p) => pending.push(p),
      },
    );
    expect(await res.text()).toContain("from the SDR service");
    await Promise.all(pending);
    expect(seen[0]).toMatchObject({
      workspace: { id: ws.id, slug: ws.slug },
      agent: { id: agent.id, type: "sdr" },
      message: { text: "I want a demo" },
      rag_options: { enabled: true, top_k: 4 },
    });
    expect(seen[0]).toHaveProperty("request_id");
    server.close();
  });

  it("refuses a viewer, storing nothing", async () => {
    const viewer = { claims: ws.users.viewer.claims, workspaceId: ws.id };
    const err = await sendChatMessage(
      viewer,
      { agentId, trigger: "submit", text: "let me in" },
      { workspaceSlug: ws.slug },
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(toAppError(err).status).toBe(403);
  });
});
