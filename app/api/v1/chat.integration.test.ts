import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgent } from "@/lib/agents";
import { closeDb } from "@/lib/db/client";
import { seedRouteWorkspace, type TestWorkspace } from "@/test/http/web-api-kit";
import { callV1, makeKey } from "../../../test/http/v1-api-kit";
import { POST as chat } from "./chat/route";
import { GET as listMessages } from "./conversations/[id]/messages/route";

// POST /api/v1/chat with the built-in offline model: no provider, no network.

let a: TestWorkspace;
let b: TestWorkspace;
let chatKey: string;
let agentId: string;
let bAgent: string;

beforeAll(async () => {
  // The offline model answers only when no instance-wide provider key is configured.
  for (const k of [
    "OPENAI_API_KEY",
    "ANTHROPIC_API_KEY",
    "GOOGLE_GENERATIVE_AI_API_KEY",
    "OPENAI_COMPATIBLE_BASE_URL",
  ]) {
    delete process.env[k];
  }
  [a, b] = await Promise.all([seedRouteWorkspace("v1-chat-a"), seedRouteWorkspace("v1-chat-b")]);
  chatKey = await makeKey(a.users.admin, a.id, ["write", "chat", "conversations"]);
  agentId = (await createAgent(a.users.member.scope(a.id), { name: "Echo" })).id;
  bAgent = (await createAgent(b.users.member.scope(b.id), { name: "B agent" })).id;
});

afterAll(closeDb);

describe("POST /api/v1/chat", () => {
  it("starts a conversation, answers the stored reply as JSON, and continues it", async () => {
    const first = await callV1(chat, "POST", "/chat", {
      key: chatKey,
      body: { agentId, text: "Hello there" },
    });
    expect(first.status).toBe(200);
    const conversationId = first.json.conversationId as string;
    expect(first.json.message).toMatchObject({ role: "assistant", status: "complete", index: 2 });
    expect(first.json.text).toEqual(expect.any(String));
    expect((first.json.text as string).length).toBeGreaterThan(0);

    const second = await callV1(chat, "POST", "/chat", {
      key: chatKey,
      body: { agentId, conversationId, text: "And again" },
    });
    expect([second.status, second.json.conversationId]).toEqual([200, conversationId]);
    expect((second.json.message as { index: number }).index).toBe(4);

    const history = await callV1(listMessages, "GET", `/conversations/${conversationId}/messages`, {
      key: chatKey,
      params: { id: conversationId },
    });
    expect((history.json.messages as { role: string }[]).map((m) => m.role)).toEqual([
      "user",
      "assistant",
      "user",
      "assistant",
    ]);
  });

  it("another workspace's agent is 404; bad bodies are 400; other scopes are 403", async () => {
    const foreign = await callV1(chat, "POST", "/chat", {
      key: chatKey,
      body: { agentId: bAgent, text: "hi" },
    });
    expect([foreign.status, foreign.code]).toEqual([404, "not_found"]);
    for (const body of [
      { agentId, text: "" },
      { agentId, text: "hi", trigger: "regenerate" },
      { agentId },
      "{x",
    ]) {
      const res = await callV1(chat, "POST", "/chat", { key: chatKey, body });
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    const readKey = await makeKey(a.users.admin, a.id, ["read", "chat"]);
    expect(
      (await callV1(chat, "POST", "/chat", { key: readKey, body: { agentId, text: "hi" } })).status,
    ).toBe(403);
    const noChat = await makeKey(a.users.admin, a.id, ["write", "agents", "conversations"]);
    expect((await callV1(chat, "POST", "/chat", { key: noChat, body: { agentId, text: "hi" } })).status).toBe(
      403,
    );
  });
});
