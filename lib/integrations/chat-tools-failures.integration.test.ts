import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type ChatKit,
  type ChatOutcome,
  KIT_SECRET as SECRET,
  startChatKit,
} from "../../test/chat/integration-chat-kit";
import { startTestMcpServer } from "../../test/fakes/mcp-server-fake";

// A failing integration (down, HTTP 500, too slow) is a tool error the agent
// can read: the chat still completes with a stored reply, the call is recorded
// with its error code, and the credential is in neither the reply nor the log.

let kit: ChatKit;

beforeAll(async () => {
  kit = await startChatKit("mcp-chat-fail");
});

beforeEach(() => {
  kit.mcp.setMode("ok");
});

afterAll(async () => {
  await kit.stop();
});

describe("a failing integration", () => {
  const failingTurn = (tool: string) => {
    kit.fake.queue(
      { kind: "tool", name: tool, args: { orderId: "A-9" } },
      { kind: "text", text: "The order system is unavailable right now." },
    );
  };
  const expectToolError = (r: ChatOutcome, code: string) => {
    expect(r.reply?.status).toBe("complete");
    expect(r.parts).toContain('"state":"output-error"');
    expect(r.parts).toContain("The order system is unavailable right now.");
    expect(r.calls.map((c) => [c.status, c.error_code])).toEqual([["error", code]]);
    expect(r.parts).not.toContain(SECRET);
  };

  it("is a tool error the agent can read when the server is down", async () => {
    const doomed = await startTestMcpServer();
    const { agent } = await kit.agentWith("Down", doomed.url, ["lookup_order"]);
    await doomed.stop();
    failingTurn("down__lookup_order");
    const r = await kit.chat(agent.id, "where is A-9?");
    expectToolError(r, "unreachable");
    expect(r.parts).toMatch(/Down: Could not fetch 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });

  it("is a tool error when the server answers 500", async () => {
    const { agent } = await kit.agentWith("Broken", kit.mcp.url, ["lookup_order"]);
    kit.mcp.setMode("fail500");
    failingTurn("broken__lookup_order");
    const r = await kit.chat(agent.id, "where is A-9?");
    expectToolError(r, "http_500");
    expect(r.parts).toContain("Broken: The server answered HTTP 500.");
  });

  it("is a tool error when the call times out", async () => {
    const { agent } = await kit.agentWith("Slow", kit.mcp.url, ["lookup_order"], { timeoutMs: 1000 });
    kit.mcp.setMode("hang-call");
    failingTurn("slow__lookup_order");
    const started = Date.now();
    const r = await kit.chat(agent.id, "where is A-9?");
    expectToolError(r, "timeout");
    expect(r.parts).toContain("Slow: Timed out waiting for the server.");
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("keeps a credential the server echoes back out of the reply and the log", async () => {
    const { agent } = await kit.agentWith("Echo", kit.mcp.url, ["lookup_order"]);
    kit.mcp.setMode("echo-auth-500");
    failingTurn("echo__lookup_order");
    const r = await kit.chat(agent.id, "where is A-9?");
    expectToolError(r, "http_500");
    const log = kit.logs.join("");
    expect(log).toContain("bad token: Bearer [redacted]");
    expect(log).not.toContain(SECRET);
  });

  it("never wrote the credential to the log", () => {
    const text = kit.logs.join("");
    expect(text).toContain("integrations: tool call failed");
    expect(text).not.toContain(SECRET);
  });
});
