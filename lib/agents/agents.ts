import type { Updateable } from "kysely";
import { assertWithinLimit } from "../billing/entitlements";
import { getDb } from "../db/client";
import { runAsUser, type Tx } from "../db/rls";
import type { Agents } from "../db/types";
import { AppError } from "../errors";
import { assertPublicUrl } from "../net/ssrf";
import { parseWith } from "../validation";
import type { WorkspaceScope } from "../workspaces";
import { withDbErrors } from "./db-errors";
import { agentColumns, toAgent } from "./map";
import { agentPresets } from "./presets";
import {
  type Agent,
  agentIdSchema,
  type CreateAgentInput,
  createAgentInput,
  type UpdateAgentInput,
  updateAgentInput,
} from "./schema";

const notFound = () => new AppError("not_found", "Agent not found.");

/** A malformed id cannot name an agent: answer like an unknown one instead of a SQL cast error. */
export function assertAgentId(id: string): void {
  if (!agentIdSchema.safeParse(id).success) throw notFound();
}

/** Checked at save time so a stored endpoint never points inside our network (it is re-checked at call time). */
async function checkEndpoint(url: string | null | undefined): Promise<void> {
  if (url) await assertPublicUrl(url);
}

/** Through RLS: a connection of another workspace is simply invisible, whatever its id. */
async function checkProviderConnection(tx: Tx, ctx: WorkspaceScope, id: string | null | undefined) {
  if (!id) return;
  const row = await tx
    .selectFrom("provider_connections")
    .select("id")
    .where("id", "=", id)
    .where("workspace_id", "=", ctx.workspaceId)
    .executeTakeFirst();
  if (!row) {
    throw new AppError("validation_failed", "Some fields are missing or invalid.", {
      details: [{ path: "providerConnectionId", message: "No such model provider in this workspace." }],
    });
  }
}

export async function listAgents(ctx: WorkspaceScope): Promise<Agent[]> {
  const rows = await runAsUser(ctx.claims, (tx) =>
    tx
      .selectFrom("agents")
      .select(agentColumns)
      .where("workspace_id", "=", ctx.workspaceId)
      .orderBy("name")
      .orderBy("id")
      .execute(),
  );
  return rows.map(toAgent);
}

export async function getAgent(ctx: WorkspaceScope, id: string): Promise<Agent> {
  assertAgentId(id);
  const row = await runAsUser(ctx.claims, (tx) =>
    tx
      .selectFrom("agents")
      .select(agentColumns)
      .where("workspace_id", "=", ctx.workspaceId)
      .where("id", "=", id)
      .executeTakeFirst(),
  );
  if (!row) throw notFound();
  return toAgent(row);
}

/** Member or above (RLS). Instructions and tools come from the type's preset unless given. */
export async function createAgent(ctx: WorkspaceScope, input: CreateAgentInput): Promise<Agent> {
  const v = parseWith(createAgentInput, input);
  await checkEndpoint(v.externalEndpointUrl);
  await assertWithinLimit(getDb(), ctx.workspaceId, "agent");
  const type = v.type ?? "custom";
  const preset = agentPresets[type];
  const row = await withDbErrors(() =>
    runAsUser(ctx.claims, async (tx) => {
      await checkProviderConnection(tx, ctx, v.providerConnectionId);
      return tx
        .insertInto("agents")
        .values({
          workspace_id: ctx.workspaceId,
          created_by: ctx.claims.sub,
          ...toColumns(v),
          name: v.name,
          type,
          instructions: v.instructions ?? preset.instructions,
          tools: v.tools ?? [...preset.tools],
        })
        .returning(agentColumns)
        .executeTakeFirstOrThrow();
    }),
  );
  return toAgent(row);
}

export interface UpdateAgentResult {
  agent: Agent;
  /** The agent's version after the save: bumped only when the configuration really changed. */
  version: number;
  changed: boolean;
}

/** Member or above (RLS). The version trigger bumps `version` and snapshots the config. */
export async function updateAgent(
  ctx: WorkspaceScope,
  id: string,
  patch: UpdateAgentInput,
): Promise<UpdateAgentResult> {
  assertAgentId(id);
  const v = parseWith(updateAgentInput, patch);
  await checkEndpoint(v.externalEndpointUrl);
  return withDbErrors(() =>
    runAsUser(ctx.claims, async (tx) => {
      const before = await tx
        .selectFrom("agents")
        .select("version")
        .where("workspace_id", "=", ctx.workspaceId)
        .where("id", "=", id)
        .executeTakeFirst();
      if (!before) throw notFound();
      await checkProviderConnection(tx, ctx, v.providerConnectionId);
      const row = await tx
        .updateTable("agents")
        .set(toColumns(v))
        .where("workspace_id", "=", ctx.workspaceId)
        .where("id", "=", id)
        .returning(agentColumns)
        .executeTakeFirst();
      // Visible but not updatable: RLS filtered the row out (a viewer).
      if (!row) throw new AppError("forbidden", "Viewers cannot change agents.");
      const agent = toAgent(row);
      return { agent, version: agent.version, changed: agent.version !== before.version };
    }),
  );
}

/** Admin or above (RLS). Conversations keep their messages; their agent becomes null. */
export async function deleteAgent(ctx: WorkspaceScope, id: string): Promise<void> {
  assertAgentId(id);
  await runAsUser(ctx.claims, async (tx) => {
    const gone = await tx
      .deleteFrom("agents")
      .where("workspace_id", "=", ctx.workspaceId)
      .where("id", "=", id)
      .returning("id")
      .executeTakeFirst();
    if (gone) return;
    const visible = await tx
      .selectFrom("agents")
      .select("id")
      .where("workspace_id", "=", ctx.workspaceId)
      .where("id", "=", id)
      .executeTakeFirst();
    throw visible ? new AppError("forbidden", "Only admins and owners can delete agents.") : notFound();
  });
}

type AgentFields = Partial<Omit<Agent, "id" | "workspaceId" | "version" | "createdAt" | "updatedAt">>;

/** camelCase input to the columns `authenticated` may write; undefined means "leave as is". */
function toColumns(v: AgentFields): Updateable<Agents> {
  const cols: Updateable<Agents> = {
    name: v.name,
    avatar: v.avatar,
    description: v.description,
    type: v.type,
    instructions: v.instructions,
    provider_connection_id: v.providerConnectionId,
    model: v.model,
    temperature: v.temperature,
    max_steps: v.maxSteps,
    tools: v.tools,
    rag_enabled: v.ragEnabled,
    rag_top_k: v.ragTopK,
    external_endpoint_url: v.externalEndpointUrl,
    external_timeout_ms: v.externalTimeoutMs,
    welcome_message: v.welcomeMessage,
  };
  return Object.fromEntries(Object.entries(cols).filter(([, x]) => x !== undefined));
}
