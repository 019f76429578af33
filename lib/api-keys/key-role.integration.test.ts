import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE as v1DeleteAgent } from "@/app/api/v1/agents/[id]/route";
import { POST as v1CreateAgent } from "@/app/api/v1/agents/route";
import { APP, seedRouteWorkspace, type TestWorkspace } from "@/test/http/web-api-kit";
import { createAgent, deleteAgent, listAgents } from "../agents";
import { closeDb } from "../db/client";
import { toAppError } from "../errors";
import { setAgentGrants } from "../integrations";
import { type ApiKeyScope, authenticateApiKey, createApiKey } from ".";

// A key acts in the database with the least role its scopes need: a chat key
// is a member, so even code that skips the scope check (an agent's tool
// running with the key's claims) cannot do what only admins may.
let ws: TestWorkspace;
let agentId: string;

beforeAll(async () => {
  ws = await seedRouteWorkspace("key-role");
  agentId = (await createAgent(ws.users.admin.scope(ws.id), { name: "Target" })).id;
});
afterAll(async () => {
  await closeDb();
});

async function principalFor(scopes: ApiKeyScope[]) {
  const { secret } = await createApiKey(ws.users.owner.scope(ws.id), { name: scopes.join("+"), scopes });
  return { secret, principal: await authenticateApiKey(secret) };
}

const codeOf = (run: () => Promise<unknown>) =>
  run().then(
    () => "ok",
    (e: unknown) => toAppError(e).code,
  );

describe("an API key's database role follows its scopes", () => {
  it.each([
    [["read", "chat"], "viewer"],
    [["write", "chat"], "member"],
    [["write", "chat", "conversations", "catalog", "usage"], "member"],
    [["write", "agents"], "admin"],
  ] as const)("%j acts as %s", async (scopes, role) => {
    const { principal } = await principalFor([...scopes]);
    expect(principal.role).toBe(role);
  });

  it("a chat key cannot delete an agent or change its tool grants, even past the scope check", async () => {
    const { principal } = await principalFor(["write", "chat"]);
    expect(await codeOf(() => setAgentGrants(principal.scope, agentId, { grants: [] }))).toBe("forbidden");
    expect(await codeOf(() => deleteAgent(principal.scope, agentId))).not.toBe("ok");
    const { principal: reader } = await principalFor(["read", "agents"]);
    expect((await listAgents(reader.scope)).map((a) => a.id)).toContain(agentId);
  });

  it("a read key cannot write, even past the scope check", async () => {
    const { principal } = await principalFor(["read", "agents"]);
    expect(await codeOf(() => createAgent(principal.scope, { name: "Nope" }))).toBe("forbidden");
  });

  it("over HTTP, a chat key is refused agent writes and a write+agents key may delete", async () => {
    const chat = await principalFor(["write", "chat"]);
    const agents = await principalFor(["write", "agents"]);
    const send = (fn: typeof v1DeleteAgent, method: string, path: string, secret: string, body?: unknown) =>
      fn(
        new Request(`${APP}${path}`, {
          method,
          headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
        { params: Promise.resolve({ id: agentId }) },
      );
    expect((await send(v1CreateAgent, "POST", "/api/v1/agents", chat.secret, { name: "X" })).status).toBe(
      403,
    );
    expect((await send(v1DeleteAgent, "DELETE", `/api/v1/agents/${agentId}`, chat.secret)).status).toBe(403);
    expect((await send(v1DeleteAgent, "DELETE", `/api/v1/agents/${agentId}`, agents.secret)).status).toBe(
      200,
    );
  });
});
