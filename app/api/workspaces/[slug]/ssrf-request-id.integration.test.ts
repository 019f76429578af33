import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createAgent } from "@/lib/agents";
import { chatEndpoint } from "@/lib/chat/chat-endpoint";
import { closeDb } from "@/lib/db/client";
import { logger } from "@/lib/logger";
import { createProviderConnection } from "@/lib/providers";
import { type OpenAICompatibleFake, startOpenAICompatibleFake } from "@/test/fakes/openai-compatible-fake";
import {
  APP,
  seedRouteWorkspace,
  type TestUser,
  type TestWorkspace,
} from "../../../../test/http/web-api-kit";
import { POST as createAgentRoute } from "./agents/route";
import { POST as createIntegrationRoute } from "./integrations/route";
import { POST as testConnection } from "./providers/[id]/test/route";

// A blocked outbound URL is logged with what it resolved to (never sent to the
// caller): the line must carry the request id the response names, so the
// refusal a user reports can be found in the log. The guard is reached from
// agents, providers, integrations and chat, which take a workspace scope, not
// the HTTP context: the wrapper (lib/http/handler.ts) provides the id.

let ws: TestWorkspace;
let fake: OpenAICompatibleFake;
let connectionId: string;
let agentId: string;

type RouteFn = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function send(fn: RouteFn, path: string, user: TestUser, requestId: string, body?: unknown) {
  const headers: Record<string, string> = { origin: APP, cookie: user.cookie, "x-request-id": requestId };
  if (body !== undefined) headers["content-type"] = "application/json";
  const req = new Request(`${APP}${path}`, {
    method: "POST",
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const res = await fn(req, { params: Promise.resolve({ slug: ws.slug, id: connectionId }) });
  return { res, text: await res.text() };
}

/** The request ids on the guard's "blocked" log lines. */
function blockedLines(info: { mock: { calls: unknown[][] } }): (string | undefined)[] {
  return info.mock.calls
    .filter((c) => c[1] === "ssrf: outbound request blocked")
    .map((c) => (c[0] as { requestId?: string }).requestId);
}

beforeAll(async () => {
  fake = await startOpenAICompatibleFake();
  ws = await seedRouteWorkspace("ssrf-reqid");
  // Saved while the fake's address is allowed; each test then withdraws the allowance, as
  // an operator narrowing SSRF_ALLOWLIST would, so the next call is refused.
  process.env.SSRF_ALLOWLIST = "127.0.0.1";
  connectionId = (
    await createProviderConnection(ws.users.admin.scope(ws.id), {
      provider: "openai_compatible",
      name: "Local fake",
      baseUrl: fake.baseUrl,
      models: ["fake-model"],
      apiKey: "sk-ssrf-reqid-123456",
    })
  ).id;
  agentId = (
    await createAgent(ws.users.member.scope(ws.id), {
      name: "Fetcher",
      type: "custom",
      providerConnectionId: connectionId,
      model: "fake-model",
    })
  ).id;
});

afterEach(() => {
  vi.restoreAllMocks();
  process.env.SSRF_ALLOWLIST = "127.0.0.1";
});

afterAll(async () => {
  await fake?.stop();
  await closeDb();
});

describe("a blocked outbound URL is logged with the request's id", () => {
  it("an agent's external endpoint (lib/agents)", async () => {
    const info = vi.spyOn(logger, "info");
    const { res, text } = await send(
      createAgentRoute,
      `/api/workspaces/${ws.slug}/agents`,
      ws.users.member,
      "req-agent-1",
      {
        name: "Inside",
        type: "custom",
        externalEndpointUrl: "http://10.9.8.7/agent",
      },
    );
    expect(JSON.parse(text)).toMatchObject({ error: { code: "bad_request" } });
    expect(res.headers.get("x-request-id")).toBe("req-agent-1");
    expect(blockedLines(info)).toEqual(["req-agent-1"]);
  });

  it("an integration's MCP server URL (lib/integrations)", async () => {
    const info = vi.spyOn(logger, "info");
    const { res, text } = await send(
      createIntegrationRoute,
      `/api/workspaces/${ws.slug}/integrations`,
      ws.users.admin,
      "req-integration-1",
      { name: "Inside", url: "http://192.168.4.4/mcp" },
    );
    expect(JSON.parse(text)).toMatchObject({ error: { code: "bad_request" } });
    expect(res.headers.get("x-request-id")).toBe("req-integration-1");
    expect(blockedLines(info)).toEqual(["req-integration-1"]);
  });

  it("a provider connection's test (lib/providers)", async () => {
    process.env.SSRF_ALLOWLIST = "";
    const info = vi.spyOn(logger, "info");
    const { res } = await send(
      testConnection,
      `/api/workspaces/${ws.slug}/providers/${connectionId}/test`,
      ws.users.admin,
      "req-provider-1",
    );
    expect(res.headers.get("x-request-id")).toBe("req-provider-1");
    expect(blockedLines(info)).toEqual(["req-provider-1"]);
  });

  it("a chat turn's model call, made while the reply streams", async () => {
    process.env.SSRF_ALLOWLIST = "";
    const info = vi.spyOn(logger, "info");
    const before = fake.requests.length;
    const { res } = await send(
      chatEndpoint(),
      `/api/workspaces/${ws.slug}/chat`,
      ws.users.member,
      "req-chat-1",
      {
        agentId,
        trigger: "submit",
        text: "hello",
      },
    );
    expect(res.headers.get("x-request-id")).toBe("req-chat-1");
    expect(fake.requests.length).toBe(before);
    expect(blockedLines(info)).toContain("req-chat-1");
    expect(blockedLines(info).every((id) => id === "req-chat-1")).toBe(true);
  });
});
