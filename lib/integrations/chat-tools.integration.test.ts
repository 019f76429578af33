import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ChatKit, KIT_SECRET as SECRET, startChatKit } from "../../test/chat/integration-chat-kit";
import { ORDER_TEXT, startTestMcpServer } from "../../test/fakes/mcp-server-fake";
import { createAgent } from "../agents";
import { getIntegration, listIntegrations } from ".";

// The must-show of issue 4: an agent granted a tool of a real (local) MCP
// server uses it in a chat against the OpenAI-compatible fake; the credential
// reaches the server and nothing else (messages, logs, views, model requests).
// Failures are in chat-tools-failures.integration.test.ts.

let kit: ChatKit;

beforeAll(async () => {
  kit = await startChatKit("mcp-chat");
});

beforeEach(() => {
  kit.mcp.setMode("ok");
});

afterAll(async () => {
  await kit.stop();
});

describe("an agent with an external MCP tool", () => {
  it("calls the granted tool during a chat, with the credential injected server-side only", async () => {
    const { integration, agent } = await kit.agentWith("Orders", kit.mcp.url, ["lookup_order"]);
    kit.fake.queue(
      { kind: "tool", name: "orders__lookup_order", args: { orderId: "A-1001" } },
      { kind: "text", text: "Your order A-1001 has shipped." },
    );
    const before = { fake: kit.fake.requests.length, mcp: kit.mcp.requests.length };
    const { rows, reply, parts, calls, conversationId, body } = await kit.chat(
      agent.id,
      "Where is order A-1001?",
    );

    expect(reply?.status).toBe("complete");
    expect(parts).toContain('"type":"tool-orders__lookup_order"');
    expect(parts).toContain('"state":"output-available"');
    expect(parts).toContain(ORDER_TEXT("A-1001"));
    expect(parts).toContain("Your order A-1001 has shipped.");
    expect(kit.mcp.calls.at(-1)).toEqual({ tool: "lookup_order", args: { orderId: "A-1001" } });

    // The credential reached the MCP server, on every request of the turn...
    const seen = kit.mcp.requests.slice(before.mcp);
    expect(seen.map((r) => r.rpcMethod)).toEqual(["initialize", "notifications/initialized", "tools/call"]);
    for (const r of seen) expect(r.headers.authorization).toBe(`Bearer ${SECRET}`);
    // ...and nowhere else: not to the model, not in messages, not in the stream, not in logs.
    const modelRequests = kit.fake.requests.slice(before.fake);
    const streamed = modelRequests.filter((r) => r.body.stream === true);
    const offered = (streamed[0]?.body.tools as { function: { name: string; description: string } }[]) ?? [];
    expect(offered.map((t) => t.function.name)).toEqual(["orders__lookup_order"]);
    expect(offered[0]?.function.description).toBe("[Orders] Look up an order by its id.");
    expect(JSON.stringify(streamed[1]?.body.messages)).toContain(ORDER_TEXT("A-1001"));
    expect(JSON.stringify(modelRequests)).not.toContain(SECRET);
    expect(JSON.stringify(rows)).not.toContain(SECRET);
    expect(body).not.toContain(SECRET);
    expect(
      JSON.stringify([
        await getIntegration(kit.admin(), integration.id),
        await listIntegrations(kit.admin()),
      ]),
    ).not.toContain(SECRET);

    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      workspace_id: kit.ws.id,
      direction: "outbound",
      transport: "chat",
      integration_id: integration.id,
      agent_id: agent.id,
      conversation_id: conversationId,
      tool: "lookup_order",
      arg_bytes: JSON.stringify({ orderId: "A-1001" }).length,
      status: "ok",
      error_code: null,
    });
    expect(calls[0]?.latency_ms).toBeGreaterThanOrEqual(0);
  });

  it("connects only when a tool is called, once per turn however many calls", async () => {
    const { agent } = await kit.agentWith("Lazy", kit.mcp.url, ["lookup_order"]);
    let before = kit.mcp.requests.length;
    kit.fake.queue({ kind: "text", text: "No tools needed." });
    await kit.chat(agent.id, "hello");
    expect(kit.mcp.requests.length).toBe(before);

    before = kit.mcp.requests.length;
    kit.fake.queue(
      { kind: "tool", name: "lazy__lookup_order", args: { orderId: "A-1" } },
      { kind: "tool", name: "lazy__lookup_order", args: { orderId: "A-2" } },
      { kind: "text", text: "Both found." },
    );
    const { calls, reply } = await kit.chat(agent.id, "two orders");
    expect(reply?.status).toBe("complete");
    expect(kit.mcp.requests.slice(before).filter((r) => r.rpcMethod === "initialize")).toHaveLength(1);
    expect(calls.map((c) => c.status)).toEqual(["ok", "ok"]);
  });

  it("keeps one session per turn with a stateful server and ends it when the turn is stored", async () => {
    const stateful = await startTestMcpServer({ stateful: true });
    const { agent } = await kit.agentWith("Sessions", stateful.url, ["lookup_order"]);
    const before = stateful.requests.length;
    kit.fake.queue(
      { kind: "tool", name: "sessions__lookup_order", args: { orderId: "S-1" } },
      { kind: "tool", name: "sessions__lookup_order", args: { orderId: "S-2" } },
      { kind: "text", text: "Both shipped." },
    );
    const { reply, calls } = await kit.chat(agent.id, "two orders");
    expect(reply?.status).toBe("complete");
    expect(calls.map((c) => c.status)).toEqual(["ok", "ok"]);
    const seen = stateful.requests.slice(before);
    expect(seen.map((r) => `${r.method} ${r.rpcMethod ?? ""}`.trim())).toEqual([
      "POST initialize",
      "POST notifications/initialized",
      "POST tools/call",
      "POST tools/call",
      "DELETE",
    ]);
    const sessionIds = new Set(seen.slice(1).map((r) => r.headers["mcp-session-id"]));
    expect(sessionIds.size).toBe(1);
    for (const r of seen) expect(r.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(stateful.openSessions()).toBe(0);
    await stateful.stop();
  });

  it("truncates large results and passes server-side tool errors on as data", async () => {
    const { agent } = await kit.agentWith("Reports", kit.mcp.url, ["big_report", "flaky_tool"]);
    kit.fake.queue(
      { kind: "tool", name: "reports__big_report", args: {} },
      { kind: "tool", name: "reports__flaky_tool", args: {} },
      { kind: "text", text: "Done." },
    );
    const { parts, calls } = await kit.chat(agent.id, "report please");
    expect(parts).toContain('"truncated":true');
    expect(parts).toContain('"untrusted":true');
    expect(parts).toContain("backend unavailable");
    expect(parts.length).toBeLessThan(40 * 1024);
    expect(calls.map((c) => [c.tool, c.status, c.error_code])).toEqual([
      ["big_report", "ok", null],
      ["flaky_tool", "error", "tool_error"],
    ]);
  });

  it("leaves agents without grants exactly as they were", async () => {
    const plain = await createAgent(kit.member(), {
      name: "Plain",
      providerConnectionId: kit.connectionId,
      model: "fake-model",
      tools: ["calculator"],
    });
    kit.fake.queue({ kind: "text", text: "plain" });
    const before = kit.fake.requests.length;
    await kit.chat(plain.id, "hi");
    const sent = kit.fake.requests.slice(before).find((r) => r.body.stream === true);
    expect(
      ((sent?.body.tools ?? []) as { function: { name: string } }[]).map((t) => t.function.name),
    ).toEqual(["calculator"]);
  });
});

describe("the log", () => {
  it("never holds the credential", () => {
    expect(kit.logs.join("")).not.toContain(SECRET);
  });
});
