import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asService, openDb, type SeedWorkspace, seedWorkspace } from "../../test/db/workspace-kit";
import { startTestMcpServer, type TestMcpServer } from "../../test/fakes/mcp-server-fake";
import { createAgent } from "../agents";
import { closeDb, type Database } from "../db/client";
import { toAppError } from "../errors";
import {
  createIntegration,
  deleteIntegration,
  listAgentGrants,
  listIntegrationGrants,
  setAgentGrants,
  setIntegrationGrants,
} from ".";

// Granting an integration's tools to agents: only cached tools, only agents of
// the workspace, admins only; each grant and revocation audited, the cascade not.

let db: Database;
let ws: SeedWorkspace;
let other: SeedWorkspace;
let mcp: TestMcpServer;

const as = (w: SeedWorkspace, role: keyof SeedWorkspace["users"]) => ({
  claims: w.users[role].claims,
  workspaceId: w.id,
});
const fails = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (e) => toAppError(e),
  );
const uniqueName = (label: string) => `${label} ${Math.random().toString(36).slice(2, 8)}`;

beforeAll(async () => {
  db = openDb();
  mcp = await startTestMcpServer();
  process.env.SSRF_ALLOWLIST = "127.0.0.1";
  [ws, other] = await Promise.all([seedWorkspace(db, "grants"), seedWorkspace(db, "grants-b")]);
});

afterAll(async () => {
  await mcp.stop();
  await db.destroy();
  await closeDb();
});

describe("grants", () => {
  it("grants known tools to agents of the workspace, per integration and per agent", async () => {
    const ctx = as(ws, "admin");
    const integration = await createIntegration(ctx, { name: uniqueName("Grants"), url: mcp.url });
    const agent = await createAgent(as(ws, "member"), { name: "Support" });
    const foreignAgent = await createAgent(as(other, "member"), { name: "Theirs" });

    const unknown = await fails(
      setIntegrationGrants(ctx, integration.id, { grants: [{ agentId: agent.id, tools: ["nope"] }] }),
    );
    expect([unknown.code, (unknown.details as { path: string }[])[0]?.path]).toEqual([
      "validation_failed",
      "grants.0.tools",
    ]);
    const foreign = await fails(
      setIntegrationGrants(ctx, integration.id, {
        grants: [{ agentId: foreignAgent.id, tools: ["lookup_order"] }],
      }),
    );
    expect(foreign.code).toBe("not_found");
    const member = await fails(
      setIntegrationGrants(as(ws, "member"), integration.id, { grants: [{ agentId: agent.id, tools: [] }] }),
    );
    expect(member.code).toBe("forbidden");

    const set = await setIntegrationGrants(ctx, integration.id, {
      grants: [{ agentId: agent.id, tools: ["lookup_order", "big_report", "lookup_order"] }],
    });
    expect(set).toEqual([
      { agentId: agent.id, integrationId: integration.id, tools: ["big_report", "lookup_order"] },
    ]);
    const narrowed = await setAgentGrants(ctx, agent.id, {
      grants: [{ integrationId: integration.id, tools: ["lookup_order"] }],
    });
    expect(narrowed).toEqual([{ agentId: agent.id, integrationId: integration.id, tools: ["lookup_order"] }]);
    expect(await listAgentGrants(as(ws, "member"), agent.id)).toEqual(narrowed);
    expect(await listIntegrationGrants(ctx, integration.id)).toEqual(narrowed);

    const actions = await asService(db, (tx) =>
      tx.selectFrom("audit_log").select("action").where("target_id", "=", agent.id).execute(),
    );
    expect(actions.map((a) => a.action).filter((a) => a.startsWith("integration."))).toEqual([
      "integration.tool_granted",
      "integration.tool_granted",
      "integration.tool_revoked",
    ]);

    await deleteIntegration(ctx, integration.id);
    expect(await listAgentGrants(ctx, agent.id)).toEqual([]);
    const after = await asService(db, (tx) =>
      tx.selectFrom("audit_log").select("action").where("target_id", "=", agent.id).execute(),
    );
    // The cascade is not audited tool by tool: the deletion itself is.
    expect(after).toHaveLength(actions.length);
  });
});
