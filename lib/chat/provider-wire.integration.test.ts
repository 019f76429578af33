import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runChatTurn } from "../../test/chat/chat-turn-kit";
import {
  asService,
  conversationMessages,
  openDb,
  type SeedWorkspace,
  seedWorkspace,
} from "../../test/db/workspace-kit";
import { readAnthropicRequest, startAnthropicFake } from "../../test/fakes/anthropic-fake";
import { readGoogleRequest, startGoogleFake } from "../../test/fakes/google-fake";
import type { RecordedRequest, ScriptedFake, TokenUsage, WireView } from "../../test/fakes/scripted-llm-fake";
import { createAgent } from "../agents";
import { closeDb, type Database } from "../db/client";
import { createProviderConnection, testProviderConnection } from "../providers";
import { type StoredPart, textOfParts as textOf } from "./parts";

// The Anthropic and Google adapters end to end: our chat pipeline and the real
// AI SDK provider packages, faked only at the HTTP boundary in each vendor's format.

const SYSTEM = "You are terse and exact.";

/** Per vendor: its fake, its auth header, and how to read its requests back. */
interface Vendor {
  provider: "anthropic" | "google";
  model: string;
  apiKey: string;
  keyHeader: string;
  usage: TokenUsage;
  start: (usage: TokenUsage) => Promise<ScriptedFake>;
  read: (r: RecordedRequest) => WireView;
}

const anthropic: Vendor = {
  provider: "anthropic",
  model: "claude-haiku-4-5",
  apiKey: "sk-ant-api03-wire-test-0123456789",
  keyHeader: "x-api-key",
  usage: { input: 13, output: 5 },
  start: (usage) => startAnthropicFake({ usage }),
  read: readAnthropicRequest,
};

const google: Vendor = {
  provider: "google",
  model: "gemini-2.5-flash",
  apiKey: "AIzaSyWireTest0123456789abcdef",
  keyHeader: "x-goog-api-key",
  usage: { input: 17, output: 9 },
  start: (usage) => startGoogleFake({ usage }),
  read: readGoogleRequest,
};

let db: Database;
let ws: SeedWorkspace;
const member = () => ({ claims: ws.users.member.claims, workspaceId: ws.id });
const admin = () => ({ claims: ws.users.admin.claims, workspaceId: ws.id });

async function send(agentId: string, text: string) {
  const { res, body, conversationId } = await runChatTurn(
    member(),
    { agentId, trigger: "submit", text },
    { workspaceSlug: ws.slug },
  );
  expect(conversationId).not.toBe("");
  const rows = await conversationMessages(db, conversationId);
  return { res, body, rows };
}

const partsOf = (row: { parts: unknown } | undefined) => (row?.parts ?? []) as StoredPart[];

beforeAll(async () => {
  db = openDb();
  // The fakes listen on loopback, which the SSRF guard refuses unless allowed.
  process.env.SSRF_ALLOWLIST = "127.0.0.1";
  ws = await seedWorkspace(db, "wire");
});

afterAll(async () => {
  await db.destroy();
  await closeDb();
});

describe.each([anthropic, google])("chat over the $provider wire format", (v) => {
  let fake: ScriptedFake;
  let agentId: string;
  let connectionId: string;
  // Only the model calls of the chat turn: a non-streaming call afterwards titles the conversation.
  const streamedSince = (from: number) => fake.requests.slice(from).filter((r) => r.streamed);

  beforeAll(async () => {
    fake = await v.start(v.usage);
    const conn = await createProviderConnection(admin(), {
      provider: v.provider,
      name: `${v.provider} fake`,
      baseUrl: fake.baseUrl,
      models: [v.model],
      apiKey: v.apiKey,
    });
    connectionId = conn.id;
    const agent = await createAgent(member(), {
      name: `${v.provider} calc bot`,
      type: "custom",
      instructions: SYSTEM,
      providerConnectionId: conn.id,
      model: v.model,
      tools: ["calculator"],
      maxSteps: 3,
    });
    agentId = agent.id;
    await asService(db, (tx) =>
      tx
        .insertInto("model_prices")
        .values({
          workspace_id: ws.id,
          provider: v.provider,
          model: v.model,
          input_per_million: "1000",
          output_per_million: "2000",
        })
        .execute(),
    );
  });

  afterAll(() => fake.stop());

  it("streams a text turn and stores it with the vendor's token counts and the cost", async () => {
    fake.queue({ kind: "text", text: "Hello from the wire.", chunks: 4 });
    const before = fake.requests.length;
    const { res, body, rows } = await send(agentId, "hello over the wire");
    expect(res.status).toBe(200);
    expect(body.match(/"type":"text-delta"/g)).toHaveLength(4);
    expect(rows.map((r) => [r.message_index, r.role, r.status])).toEqual([
      [1, "user", "complete"],
      [2, "assistant", "complete"],
    ]);
    expect(textOf(partsOf(rows[1]))).toBe("Hello from the wire.");
    expect(rows[1]).toMatchObject({
      input_tokens: v.usage.input,
      output_tokens: v.usage.output,
      model: v.model,
    });
    expect(Number(rows[1]?.cost)).toBeCloseTo((v.usage.input * 1000 + v.usage.output * 2000) / 1e6, 6);
    const streamed = streamedSince(before);
    expect(streamed).toHaveLength(1);
    const sent = streamed[0] as RecordedRequest;
    expect(sent.headers[v.keyHeader]).toBe(v.apiKey);
    expect(JSON.stringify(sent.body)).not.toContain(v.apiKey);
    expect(v.read(sent)).toMatchObject({
      system: SYSTEM,
      userText: "hello over the wire",
      toolNames: ["calculator"],
    });
  });

  it("runs the tool loop and sends the tool result back in the vendor's format", async () => {
    fake.queue(
      { kind: "tool", name: "calculator", args: { expression: "6*7" } },
      { kind: "text", text: "It is 42." },
    );
    const before = fake.requests.length;
    const { rows } = await send(agentId, "what is 6*7?");
    expect(rows[1]?.status).toBe("complete");
    const parts = partsOf(rows[1]);
    const call = parts.find((p) => p.type === "tool-calculator") as { toolCallId: string } | undefined;
    expect(call).toMatchObject({
      state: "output-available",
      input: { expression: "6*7" },
      output: { expression: "6*7", result: 42 },
    });
    expect(textOf(parts)).toBe("It is 42.");
    // Both steps are counted.
    expect(rows[1]).toMatchObject({ input_tokens: 2 * v.usage.input, output_tokens: 2 * v.usage.output });
    const streamed = streamedSince(before);
    expect(streamed).toHaveLength(2);
    expect(v.read(streamed[0] as RecordedRequest).toolExchange.resultId).toBeUndefined();
    expect(v.read(streamed[1] as RecordedRequest).toolExchange).toEqual({
      callId: call?.toolCallId,
      name: "calculator",
      input: { expression: "6*7" },
      resultId: call?.toolCallId,
      result: { expression: "6*7", result: 42 },
    });
  });

  it.each([
    { status: 500, code: "provider_error", message: "The model provider failed (500)." },
    { status: 429, code: "rate_limited", message: "The model provider is rate-limiting requests." },
  ])("stores a provider $status (after retries) as an error, keeping the user's text", async (c) => {
    const failing = { kind: "status", status: c.status } as const;
    fake.queue(failing, failing, failing);
    const before = fake.requests.length;
    const { rows } = await send(agentId, `please keep this ${c.status}`);
    expect(streamedSince(before)).toHaveLength(3);
    expect(rows.map((r) => [r.role, r.status])).toEqual([
      ["user", "complete"],
      ["assistant", "error"],
    ]);
    expect(textOf(partsOf(rows[0]))).toBe(`please keep this ${c.status}`);
    expect(partsOf(rows[1])).toEqual([]);
    expect(rows[1]?.error).toEqual({ code: c.code, message: c.message, retryable: true });
  });

  it("tests the connection with one tiny call, and never shows the key from a 401", async () => {
    const before = fake.requests.length;
    await expect(testProviderConnection(admin(), connectionId)).resolves.toMatchObject({ ok: true });
    const probes = fake.requests.slice(before);
    expect(probes).toHaveLength(1);
    expect(probes[0]).toMatchObject({ streamed: false, headers: { [v.keyHeader]: v.apiKey } });
    expect(v.read(probes[0] as RecordedRequest).maxTokens).toBe(1);

    // Vendors have echoed the key in 401 messages: the fake does, with the key it received.
    fake.queue({
      kind: "status",
      status: 401,
      message: (req) => `Invalid API key: ${req.headers[v.keyHeader]}`,
    });
    const failed = await testProviderConnection(admin(), connectionId);
    expect(fake.requests.at(-1)?.headers[v.keyHeader]).toBe(v.apiKey);
    expect(failed.ok).toBe(false);
    expect(failed.error).toContain("401");
    expect(failed.error).toContain("Invalid API key: [redacted]");
    expect(failed.error).not.toContain(v.apiKey);
  });
});
