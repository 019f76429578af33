import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChatKit, KIT_SECRET, startChatKit } from "@/test/chat/integration-chat-kit";
import { newConversation, webInbox } from "@/test/db/chat-kit";
import { conversationMessages, type SeedWorkspace, seedWorkspace } from "@/test/db/workspace-kit";
import { ORDER_TEXT } from "@/test/fakes/mcp-server-fake";
import { type FlowFixture, nodeContext, outputOf, runNode, seedFlowRun } from "@/test/flows/flow-node-kit";
import { createAgent } from "../../agents";
import { agentNode } from "./agent";
import { conversationActionNode } from "./conversation-action";

// The agent node runs a real chat turn (lib/chat) against the OpenAI-compatible fake.

let kit: ChatKit;
let other: SeedWorkspace;
let fx: FlowFixture;
let agentId: string;
let offlineAgentId: string;
let foreignAgentId: string;

beforeAll(async () => {
  kit = await startChatKit("node-agent");
  other = await seedWorkspace(kit.db, "node-agent-b");
  agentId = (
    await createAgent(kit.member(), {
      name: "Support",
      providerConnectionId: kit.connectionId,
      model: "fake-model",
      instructions: "Be brief.",
    })
  ).id;
  offlineAgentId = (await createAgent(kit.member(), { name: "Offline" })).id;
  foreignAgentId = (
    await createAgent({ claims: other.users.member.claims, workspaceId: other.id }, { name: "B" })
  ).id;
  // Unattended (e.g. a webhook run): acts as the flow's creator.
  fx = await seedFlowRun(kit.db, kit.ws.id, kit.ws.users.member.id);
});

afterAll(async () => {
  await kit.stop();
});

const ctx = () => nodeContext(fx, "agent");

describe("agent node", () => {
  it("runs a turn in a new conversation, then continues it with its history", async () => {
    // The fake echoes (the conversation's title is asked of the model too, so nothing is queued).
    const before = kit.fake.requests.length;
    const first = await runNode(agentNode, ctx(), { agentId, message: "Hi there" });
    expect(first).toMatchObject({
      kind: "done",
      output: { text: "echo: Hi there", usage: { inputTokens: 11, outputTokens: 7 } },
    });
    const conversationId = String(outputOf(first).conversationId);
    expect(conversationId).toMatch(/^[0-9a-f-]{36}$/);

    const second = await runNode(agentNode, ctx(), {
      agentId,
      message: "Where is A-1?",
      conversation: "existing",
      conversationId,
    });
    expect(second).toMatchObject({ output: { text: "echo: Where is A-1?", conversationId } });
    // The model saw the earlier turn.
    const turns = kit.fake.requests.slice(before).filter((r) => r.body.stream === true);
    expect(turns).toHaveLength(2);
    const sent = JSON.stringify(turns[1]?.body.messages);
    expect(sent).toContain("Hi there");
    expect(sent).toContain("echo: Hi there");
    expect(sent).toContain("Be brief.");
    const rows = await conversationMessages(kit.db, conversationId);
    expect(rows.map((r) => [r.role, r.status])).toEqual([
      ["user", "complete"],
      ["assistant", "complete"],
      ["user", "complete"],
      ["assistant", "complete"],
    ]);
    // Metered like any chat turn: the usage tables count it, per agent.
    const usage = await sql<{ input: number; output: number; assistant: number }>`
      select sum(input_tokens)::int as input, sum(output_tokens)::int as output,
             sum(assistant_messages)::int as assistant
        from public.usage_daily where workspace_id = ${kit.ws.id} and agent_id = ${agentId}`.execute(kit.db);
    expect(usage.rows[0]?.assistant).toBe(2);
    expect(usage.rows[0]?.input).toBeGreaterThanOrEqual(22);
    expect(usage.rows[0]?.output).toBeGreaterThanOrEqual(14);
  });

  it("continues a conversation a flow posted into (conversation_action), the posted text in the history", async () => {
    const first = outputOf(await runNode(agentNode, ctx(), { agentId, message: "Start" }));
    const conversationId = String(first.conversationId);
    await runNode(conversationActionNode, nodeContext(fx, "conversation_action"), {
      conversationId,
      action: "send_message",
      text: "A flow says: your refund is approved.",
    });
    const before = kit.fake.requests.length;
    const next = await runNode(agentNode, ctx(), {
      agentId,
      message: "And now?",
      conversation: "existing",
      conversationId,
    });
    expect(next).toMatchObject({ output: { text: "echo: And now?", conversationId } });
    const turn = kit.fake.requests.slice(before).find((r) => r.body.stream === true);
    expect(JSON.stringify(turn?.body.messages)).toContain("A flow says: your refund is approved.");
    // The idempotency marker is ours: it never reaches the provider.
    expect(JSON.stringify(turn?.body)).not.toContain("flowIdempotencyKey");
  });

  it("uses the agent's tools: a granted MCP integration tool, its credential never in the output", async () => {
    const { agent } = await kit.agentWith("Orders", kit.mcp.url, ["lookup_order"]);
    kit.fake.queue(
      { kind: "tool", name: "orders__lookup_order", args: { orderId: "A-42" } },
      { kind: "text", text: "Order A-42 has shipped." },
    );
    const out = outputOf(await runNode(agentNode, ctx(), { agentId: agent.id, message: "Where is A-42?" }));
    expect(out.text).toBe("Order A-42 has shipped.");
    expect(kit.mcp.calls.at(-1)).toEqual({ tool: "lookup_order", args: { orderId: "A-42" } });
    const rows = await conversationMessages(kit.db, String(out.conversationId));
    expect(JSON.stringify(rows[1]?.parts)).toContain(ORDER_TEXT("A-42"));
    expect(JSON.stringify(out)).not.toContain(KIT_SECRET);
  });

  it("stateless: a fresh conversation each run, no history, no id in the output", async () => {
    const before = kit.fake.requests.length;
    const a = await runNode(agentNode, ctx(), { agentId, message: "first", conversation: "stateless" });
    const b = await runNode(agentNode, ctx(), { agentId, message: "second", conversation: "stateless" });
    expect(a).toMatchObject({ output: { text: "echo: first" } });
    expect(b).toMatchObject({ output: { text: "echo: second" } });
    expect(outputOf(a)).not.toHaveProperty("conversationId");
    const turns = kit.fake.requests.slice(before).filter((r) => r.body.stream === true);
    expect(JSON.stringify(turns[1]?.body.messages)).not.toContain("first");
  });

  it("works with the built-in offline model", async () => {
    const out = await runNode(agentNode, ctx(), { agentId: offlineAgentId, message: "hello" });
    expect(out).toMatchObject({ kind: "done", output: { model: "offline-demo" } });
    expect(String(outputOf(out).text).length).toBeGreaterThan(0);
  });

  it("answers not_found for unknown, malformed and other workspaces' agents and conversations", async () => {
    const convB = await newConversation(
      kit.db,
      other.users.member,
      other.id,
      await webInbox(kit.db, other.users.owner, other.id),
    );
    const cases = [
      { agentId: foreignAgentId, message: "x" },
      { agentId: "00000000-0000-4000-8000-000000000000", message: "x" },
      { agentId: "nope", message: "x" },
      { agentId, message: "x", conversation: "existing", conversationId: convB },
      { agentId, message: "x", conversation: "existing", conversationId: "nope" },
    ];
    const before = kit.fake.requests.length;
    for (const config of cases) {
      await expect(runNode(agentNode, ctx(), config), JSON.stringify(config)).rejects.toMatchObject({
        name: "AppError",
        code: "not_found",
      });
    }
    expect(kit.fake.requests.length).toBe(before);
    expect(await conversationMessages(kit.db, convB)).toEqual([]);
  });

  it("turns a model failure into a clear error with where the failed reply is stored", async () => {
    kit.fake.queue({
      kind: "status",
      status: 400,
      body: { error: { message: "bad request", type: "invalid_request_error" } },
    });
    await expect(runNode(agentNode, ctx(), { agentId, message: "fail please" })).rejects.toMatchObject({
      code: "unavailable",
      details: { conversationId: expect.any(String) },
    });
  });

  it("a retry of the same node never asks twice: a stored answer is reused, a failed one is asked again in place", async () => {
    // One node of one run: every attempt has the same idempotency key.
    const node = nodeContext(fx, "agent");
    const retryCtx = (attempt = 1) => ({ ...node, attempt, signal: new AbortController().signal });
    const turnsBefore = kit.fake.requests.filter((r) => r.body.stream === true).length;
    // First attempt: the model fails; the question and the failed reply are stored.
    kit.fake.queue({
      kind: "status",
      status: 400,
      body: { error: { message: "bad request", type: "invalid_request_error" } },
    });
    const failed = await runNode(agentNode, retryCtx(), { agentId, message: "Track A-9" }).catch((e) => e);
    const conversationId = String(failed.details.conversationId);
    // Second attempt (the engine's retry): the stored question is answered again, not asked again.
    const second = await runNode(agentNode, retryCtx(2), { agentId, message: "Track A-9" });
    expect(second).toMatchObject({ output: { text: "echo: Track A-9", conversationId } });
    // Third (a crash after the turn, before the node's result was committed): the stored answer, no turn.
    const third = await runNode(agentNode, retryCtx(3), { agentId, message: "Track A-9" });
    expect(third).toEqual(second);
    const rows = await conversationMessages(kit.db, conversationId);
    expect(rows.map((r) => [r.role, r.status])).toEqual([
      ["user", "complete"],
      ["assistant", "complete"],
    ]);
    const turns = kit.fake.requests.filter((r) => r.body.stream === true).length - turnsBefore;
    expect(turns).toBe(2);
  });

  it("stops the reply when the run is canceled", async () => {
    kit.fake.queue({ kind: "hang" });
    const controller = new AbortController();
    const running = runNode(agentNode, nodeContext(fx, "agent", { signal: controller.signal }), {
      agentId,
      message: "take your time",
    });
    setTimeout(() => controller.abort(), 300);
    await expect(running).rejects.toMatchObject({ code: "unavailable", message: "The run was canceled." });
    // The reply was stopped as a member's Stop does it, not left streaming.
    let status: string | undefined;
    for (let i = 0; i < 50 && status !== "stopped"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const row = await kit.db
        .selectFrom("messages")
        .select("status")
        .where("workspace_id", "=", kit.ws.id)
        .where("role", "=", "assistant")
        .orderBy("created_at", "desc")
        .executeTakeFirst();
      status = row?.status;
    }
    expect(status).toBe("stopped");
  });

  it("checks the resolved message as chat does: blank or NUL text is refused before anything is stored", async () => {
    const before = await kit.db
      .selectFrom("messages")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("workspace_id", "=", kit.ws.id)
      .executeTakeFirstOrThrow();
    for (const message of ["   ", "bad \u0000 byte"]) {
      await expect(
        runNode(agentNode, ctx(), { agentId, message }),
        JSON.stringify(message),
      ).rejects.toMatchObject({
        code: "validation_failed",
      });
    }
    const after = await kit.db
      .selectFrom("messages")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("workspace_id", "=", kit.ws.id)
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it("refuses bad configs", () => {
    for (const config of [
      { agentId, message: "" },
      { agentId, message: "x".repeat(32_001) },
      { agentId, message: "x", conversation: "existing" },
      { agentId, message: "x", conversation: "sometimes" },
    ]) {
      expect(agentNode.config.safeParse(config).success, JSON.stringify(config).slice(0, 60)).toBe(false);
    }
  });
});
