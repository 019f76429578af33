import { runAsUser, type Tx } from "../db/rls";
import { AppError } from "../errors";
import { parseWith } from "../validation";
import type { WorkspaceScope } from "../workspaces";
import { assertIntegrationAdmin, getIntegrationRow, toView } from "./rows";
import {
  type AgentGrantsInput,
  type AgentToolGrant,
  agentGrantsInput,
  agentIdParamSchema,
  type IntegrationGrantsInput,
  integrationGrantsInput,
} from "./schema";

const agentNotFound = () => new AppError("not_found", "Agent not found.");
const invalid = (path: string, message: string) =>
  new AppError("validation_failed", "Some fields are missing or invalid.", { details: [{ path, message }] });

const keyOf = (g: { agent_id: string; integration_id: string; tool_name: string }) =>
  `${g.agent_id}\u0000${g.integration_id}\u0000${g.tool_name}`;

type GrantRow = { agent_id: string; integration_id: string; tool_name: string };

function group(rows: GrantRow[], by: "agent_id" | "integration_id"): AgentToolGrant[] {
  const out = new Map<string, AgentToolGrant>();
  for (const r of rows) {
    const key = r[by];
    const g = out.get(key) ?? { agentId: r.agent_id, integrationId: r.integration_id, tools: [] };
    g.tools.push(r.tool_name);
    out.set(key, g);
  }
  return [...out.values()];
}

async function selectGrants(
  tx: Tx,
  ctx: WorkspaceScope,
  where: { agentId?: string; integrationId?: string },
) {
  let q = tx
    .selectFrom("agent_integration_tools")
    .select(["agent_id", "integration_id", "tool_name"])
    .where("workspace_id", "=", ctx.workspaceId);
  if (where.agentId) q = q.where("agent_id", "=", where.agentId);
  if (where.integrationId) q = q.where("integration_id", "=", where.integrationId);
  return q.orderBy("agent_id").orderBy("integration_id").orderBy("tool_name").execute();
}

async function assertAgent(tx: Tx, ctx: WorkspaceScope, agentId: string): Promise<void> {
  if (!agentIdParamSchema.safeParse(agentId).success) throw agentNotFound();
  const row = await tx
    .selectFrom("agents")
    .select("id")
    .where("workspace_id", "=", ctx.workspaceId)
    .where("id", "=", agentId)
    .executeTakeFirst();
  if (!row) throw agentNotFound();
}

/** Makes the stored grants equal `desired` within `current`'s scope: only the difference is written (and audited). */
async function apply(tx: Tx, ctx: WorkspaceScope, current: GrantRow[], desired: GrantRow[]): Promise<void> {
  const want = new Set(desired.map(keyOf));
  const have = new Set(current.map(keyOf));
  for (const r of current.filter((c) => !want.has(keyOf(c)))) {
    await tx
      .deleteFrom("agent_integration_tools")
      .where("workspace_id", "=", ctx.workspaceId)
      .where("agent_id", "=", r.agent_id)
      .where("integration_id", "=", r.integration_id)
      .where("tool_name", "=", r.tool_name)
      .execute();
  }
  // Deduplicated: the same agent or tool listed twice is one grant.
  const added = [...new Map(desired.map((d) => [keyOf(d), d])).values()].filter((d) => !have.has(keyOf(d)));
  if (added.length === 0) return;
  await tx
    .insertInto("agent_integration_tools")
    .values(added.map((r) => ({ ...r, workspace_id: ctx.workspaceId, created_by: ctx.claims.sub })))
    .execute();
}

/** Member or above can read (RLS); the chat turn reads the same rows. */
export async function listIntegrationGrants(
  ctx: WorkspaceScope,
  integrationId: string,
): Promise<AgentToolGrant[]> {
  return runAsUser(ctx.claims, async (tx) => {
    await getIntegrationRow(tx, ctx, integrationId);
    return group(await selectGrants(tx, ctx, { integrationId }), "agent_id");
  });
}

export async function listAgentGrants(ctx: WorkspaceScope, agentId: string): Promise<AgentToolGrant[]> {
  return runAsUser(ctx.claims, async (tx) => {
    await assertAgent(tx, ctx, agentId);
    return group(await selectGrants(tx, ctx, { agentId }), "integration_id");
  });
}

/** Admin or above. Replaces every agent's grants of this integration; tools must be in its cached list. */
export async function setIntegrationGrants(
  ctx: WorkspaceScope,
  integrationId: string,
  input: IntegrationGrantsInput,
): Promise<AgentToolGrant[]> {
  const v = parseWith(integrationGrantsInput, input);
  return runAsUser(ctx.claims, async (tx) => {
    const integration = toView(await getIntegrationRow(tx, ctx, integrationId));
    await assertIntegrationAdmin(tx, ctx);
    const known = new Set(integration.tools.map((t) => t.name));
    const desired: GrantRow[] = [];
    for (const [i, g] of v.grants.entries()) {
      await assertAgent(tx, ctx, g.agentId);
      for (const tool of g.tools) {
        if (!known.has(tool))
          throw invalid(`grants.${i}.tools`, `Unknown tool "${tool}": refresh the tool list.`);
        desired.push({ agent_id: g.agentId, integration_id: integrationId, tool_name: tool });
      }
    }
    await apply(tx, ctx, await selectGrants(tx, ctx, { integrationId }), desired);
    return group(await selectGrants(tx, ctx, { integrationId }), "agent_id");
  });
}

/** Admin or above. Replaces every integration grant of this agent. */
export async function setAgentGrants(
  ctx: WorkspaceScope,
  agentId: string,
  input: AgentGrantsInput,
): Promise<AgentToolGrant[]> {
  const v = parseWith(agentGrantsInput, input);
  return runAsUser(ctx.claims, async (tx) => {
    await assertAgent(tx, ctx, agentId);
    await assertIntegrationAdmin(tx, ctx);
    const desired: GrantRow[] = [];
    for (const [i, g] of v.grants.entries()) {
      const found = await tx
        .selectFrom("mcp_integrations")
        .select(["id", "tools"])
        .where("workspace_id", "=", ctx.workspaceId)
        .where("id", "=", g.integrationId)
        .executeTakeFirst();
      if (!found) throw invalid(`grants.${i}.integrationId`, "No such integration in this workspace.");
      const known = new Set(
        (Array.isArray(found.tools) ? found.tools : []).map((t) => (t as { name: string }).name),
      );
      for (const tool of g.tools) {
        if (!known.has(tool))
          throw invalid(`grants.${i}.tools`, `Unknown tool "${tool}": refresh the tool list.`);
        desired.push({ agent_id: agentId, integration_id: g.integrationId, tool_name: tool });
      }
    }
    await apply(tx, ctx, await selectGrants(tx, ctx, { agentId }), desired);
    return group(await selectGrants(tx, ctx, { agentId }), "integration_id");
  });
}
