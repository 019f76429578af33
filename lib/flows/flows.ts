import { randomBytes, randomUUID } from "node:crypto";
import { sql } from "kysely";
import { decryptSecret } from "../crypto/secrets";
import { getDb } from "../db/client";
import { runAsUser } from "../db/rls";
import { env } from "../env";
import { AppError } from "../errors";
import { secretsKeyring } from "../providers/keyring";
import { type FieldIssue, parseWith } from "../validation";
import type { WorkspaceScope } from "../workspaces";
import { type FlowGraph, flowGraphSchema } from "./graph-schema";
import { triggerNodes, validateGraph } from "./graph-validation";
import { flowColumns, flowSummaryColumns, toFlow, toFlowSummary, toFlowVersion } from "./map";
import { nodeTypes } from "./nodes/registry";
import {
  type CreateFlowInput,
  createFlowInput,
  type Flow,
  type FlowSummary,
  type FlowVersion,
  flowIdSchema,
  listFlowsQuery,
  publishFlowInput,
  type UpdateFlowInput,
  updateFlowInput,
  webhookActionInput,
} from "./schema";
import { syncFlowTriggers } from "./triggers/sync";
import { encryptWebhookSecret, webhookTokenAad, webhookTokenColumns } from "./triggers/webhook-secret";

const notFound = () => new AppError("not_found", "That flow does not exist in this workspace.");

/** A malformed id cannot name a flow: answer like an unknown one instead of a SQL cast error. */
export function assertFlowId(id: string): void {
  if (!flowIdSchema.safeParse(id).success) throw notFound();
}

const emptyGraph = (): FlowGraph => flowGraphSchema.parse({ nodes: [], edges: [] });

/** What the editor shows beside the graph; empty when the draft may be published. */
export function graphIssues(graph: FlowGraph): FieldIssue[] {
  const { issues } = validateGraph(graph, nodeTypes);
  if (issues.length === 0 && triggerNodes(graph, nodeTypes).length === 0) {
    return [{ path: "nodes", message: "Add a trigger node (manual, webhook, schedule or event)." }];
  }
  return issues;
}

/**
 * The caller may edit the flow (member or above), checked by RLS: SELECT …
 * FOR UPDATE only returns rows the update policy lets the caller change.
 * Guards what lib/flows then does on the service path (publish, runs, the webhook).
 */
export async function assertCanEditFlow(ctx: WorkspaceScope, id: string): Promise<void> {
  assertFlowId(id);
  const row = await runAsUser(ctx.claims, (tx) =>
    tx
      .selectFrom("flows")
      .select("id")
      .where("workspace_id", "=", ctx.workspaceId)
      .where("id", "=", id)
      .forUpdate()
      .executeTakeFirst(),
  );
  if (row) return;
  await getFlow(ctx, id); // not_found when the caller cannot even see it
  throw new AppError("forbidden", "Only members can change or run flows.");
}

/** Viewer or above. */
export async function listFlows(ctx: WorkspaceScope, q: { search?: string } = {}): Promise<FlowSummary[]> {
  const f = parseWith(listFlowsQuery, q, "(query)");
  const rows = await runAsUser(ctx.claims, (tx) => {
    let qb = tx.selectFrom("flows").select(flowSummaryColumns).where("workspace_id", "=", ctx.workspaceId);
    if (f.search) qb = qb.where("name", "ilike", `%${f.search.replace(/[\\%_]/g, "\\$&")}%`);
    return qb.orderBy("name").orderBy("id").limit(500).execute();
  });
  return rows.map(toFlowSummary);
}

/** Viewer or above. */
export async function getFlow(ctx: WorkspaceScope, id: string): Promise<Flow> {
  assertFlowId(id);
  const row = await runAsUser(ctx.claims, (tx) =>
    tx
      .selectFrom("flows")
      .select(flowColumns)
      .where("workspace_id", "=", ctx.workspaceId)
      .where("id", "=", id)
      .executeTakeFirst(),
  );
  if (!row) throw notFound();
  return toFlow(row);
}

/** Member or above (RLS). The webhook token is made here; the URL is shown by getWebhook. */
export async function createFlow(ctx: WorkspaceScope, input: CreateFlowInput): Promise<Flow> {
  const v = parseWith(createFlowInput, input);
  const id = randomUUID();
  const { token: _token, ...tokenColumns } = await webhookTokenColumns(ctx.workspaceId, id);
  const row = await runAsUser(ctx.claims, (tx) =>
    tx
      .insertInto("flows")
      .values({
        id,
        workspace_id: ctx.workspaceId,
        name: v.name,
        description: v.description,
        draft: JSON.stringify(v.graph ?? emptyGraph()),
        created_by: ctx.claims.sub,
        ...tokenColumns,
      })
      .returning(flowColumns)
      .executeTakeFirstOrThrow(),
  ).catch((e) => {
    if ((e as { code?: string }).code === "42501")
      throw new AppError("forbidden", "Only members can create flows.");
    throw e;
  });
  return toFlow(row);
}

/**
 * Member or above. A draft change names the revision it was made on; a stale
 * one is refused (409) so two editors never overwrite each other silently.
 */
export async function updateFlow(ctx: WorkspaceScope, id: string, input: UpdateFlowInput): Promise<Flow> {
  assertFlowId(id);
  const v = parseWith(updateFlowInput, input);
  const draftChange = v.name !== undefined || v.description !== undefined || v.graph !== undefined;
  const row = await runAsUser(ctx.claims, async (tx) => {
    let qb = tx
      .updateTable("flows")
      .set({
        ...(v.name !== undefined ? { name: v.name } : {}),
        ...(v.description !== undefined ? { description: v.description } : {}),
        ...(v.graph !== undefined ? { draft: JSON.stringify(v.graph) } : {}),
        ...(v.enabled !== undefined ? { enabled: v.enabled } : {}),
        ...(draftChange ? { draft_revision: sql<number>`draft_revision + 1` } : {}),
      })
      .where("workspace_id", "=", ctx.workspaceId)
      .where("id", "=", id);
    if (v.draftRevision !== undefined) qb = qb.where("draft_revision", "=", v.draftRevision);
    const updated = await qb.returning(flowColumns).executeTakeFirst();
    if (updated) return updated;
    const current = await tx
      .selectFrom("flows")
      .select("draft_revision")
      .where("workspace_id", "=", ctx.workspaceId)
      .where("id", "=", id)
      .executeTakeFirst();
    if (!current) throw notFound();
    if (v.draftRevision !== undefined && current.draft_revision !== v.draftRevision) {
      throw new AppError(
        "conflict",
        "Someone saved this flow since you loaded it; reload to see their changes.",
        {
          details: { draftRevision: current.draft_revision },
        },
      );
    }
    throw new AppError("forbidden", "Only members can edit flows.");
  });
  return toFlow(row);
}

/** Admin or above (RLS). Its runs, versions and triggers go with it. */
export async function deleteFlow(ctx: WorkspaceScope, id: string): Promise<void> {
  assertFlowId(id);
  const deleted = await runAsUser(ctx.claims, (tx) =>
    tx
      .deleteFrom("flows")
      .where("workspace_id", "=", ctx.workspaceId)
      .where("id", "=", id)
      .returning("id")
      .executeTakeFirst(),
  );
  if (!deleted) {
    await getFlow(ctx, id); // not_found for a flow the caller cannot see
    throw new AppError("forbidden", "Only admins can delete flows.");
  }
}

/**
 * Member or above (the operation's role). Publishing needs a graph without
 * issues and with a trigger; the version row, flows.published_version and the
 * trigger rows change in one transaction, on the service path (members cannot
 * write versions or triggers through the Data API).
 */
export async function publishFlow(
  ctx: WorkspaceScope,
  id: string,
  input: { draftRevision?: number } = {},
): Promise<{ flow: Flow; version: number }> {
  assertFlowId(id);
  const v = parseWith(publishFlowInput, input);
  await assertCanEditFlow(ctx, id);
  const row = await getDb()
    .transaction()
    .execute(async (tx) => {
      const flow = await tx
        .selectFrom("flows")
        .select(["draft", "draft_revision", "published_version"])
        .where("workspace_id", "=", ctx.workspaceId)
        .where("id", "=", id)
        .forUpdate()
        .executeTakeFirst();
      if (!flow) throw notFound();
      if (v.draftRevision !== undefined && flow.draft_revision !== v.draftRevision) {
        throw new AppError("conflict", "The draft changed since you loaded it; reload before publishing.");
      }
      const { graph, issues } = validateGraph(flow.draft, nodeTypes);
      const all = graph ? graphIssues(graph) : issues;
      if (!graph || all.length > 0) {
        throw new AppError("validation_failed", "Fix the flow's issues before publishing.", { details: all });
      }
      const version = (flow.published_version ?? 0) + 1;
      const latest = await tx
        .selectFrom("flow_versions")
        .select(sql<number>`coalesce(max(version), 0)`.as("max"))
        .where("flow_id", "=", id)
        .executeTakeFirstOrThrow();
      const next = Math.max(version, Number(latest.max) + 1);
      await tx
        .insertInto("flow_versions")
        .values({
          workspace_id: ctx.workspaceId,
          flow_id: id,
          version: next,
          graph: JSON.stringify(graph),
          created_by: ctx.claims.sub,
        })
        .execute();
      await syncFlowTriggers(tx, { workspaceId: ctx.workspaceId, flowId: id, version: next, graph });
      return tx
        .updateTable("flows")
        .set({ published_version: next })
        .where("workspace_id", "=", ctx.workspaceId)
        .where("id", "=", id)
        .returning(flowColumns)
        .executeTakeFirstOrThrow();
    });
  return { flow: toFlow(row), version: row.published_version ?? 0 };
}

/** Viewer or above. Newest first, without their graphs. */
export async function listFlowVersions(
  ctx: WorkspaceScope,
  id: string,
): Promise<Omit<FlowVersion, "graph">[]> {
  await getFlow(ctx, id);
  const rows = await runAsUser(ctx.claims, (tx) =>
    tx
      .selectFrom("flow_versions")
      .select(["version", "created_by", "created_at"])
      .where("workspace_id", "=", ctx.workspaceId)
      .where("flow_id", "=", id)
      .orderBy("version", "desc")
      .execute(),
  );
  return rows.map((r) => ({ version: r.version, createdBy: r.created_by, createdAt: r.created_at }));
}

/** Viewer or above. */
export async function getFlowVersion(ctx: WorkspaceScope, id: string, version: number): Promise<FlowVersion> {
  assertFlowId(id);
  const row = await runAsUser(ctx.claims, (tx) =>
    tx
      .selectFrom("flow_versions")
      .select(["version", "created_by", "created_at", "graph"])
      .where("workspace_id", "=", ctx.workspaceId)
      .where("flow_id", "=", id)
      .where("version", "=", version)
      .executeTakeFirst(),
  );
  if (!row) throw new AppError("not_found", "That flow has no such version.");
  return toFlowVersion(row);
}

export interface FlowWebhook {
  url: string;
  hasSecret: boolean;
  /** Only in the answer that set it: it is never shown again. */
  secret: string | null;
}

const webhookUrl = (token: string) => `${env().APP_URL}/api/hooks/flows/${token}`;

async function webhookRow(ctx: WorkspaceScope, id: string) {
  await assertCanEditFlow(ctx, id); // the token columns are service-only: members and above see the URL
  const row = await getDb()
    .selectFrom("flows")
    .select(["webhook_token_enc", "webhook_secret_enc"])
    .where("workspace_id", "=", ctx.workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

/** Member or above (the operation's role): the flow's webhook URL. */
export async function getFlowWebhook(ctx: WorkspaceScope, id: string): Promise<FlowWebhook> {
  const row = await webhookRow(ctx, id);
  const token = decryptSecret(secretsKeyring(), row.webhook_token_enc, webhookTokenAad(ctx.workspaceId, id));
  return { url: webhookUrl(token), hasSecret: row.webhook_secret_enc !== null, secret: null };
}

/** Admin or above (the operation's role): a new token, or a new (shown once) or no HMAC secret. */
export async function changeFlowWebhook(
  ctx: WorkspaceScope,
  id: string,
  input: { action: "rotate_token" | "set_secret" | "clear_secret" },
): Promise<FlowWebhook> {
  const { action } = parseWith(webhookActionInput, input);
  await webhookRow(ctx, id);
  let secret: string | null = null;
  const q = getDb().updateTable("flows").where("workspace_id", "=", ctx.workspaceId).where("id", "=", id);
  if (action === "rotate_token") {
    const { token: _t, ...columns } = await webhookTokenColumns(ctx.workspaceId, id);
    await q.set(columns).execute();
  } else if (action === "set_secret") {
    secret = randomBytes(32).toString("base64url");
    await q.set({ webhook_secret_enc: encryptWebhookSecret(ctx.workspaceId, id, secret) }).execute();
  } else {
    await q.set({ webhook_secret_enc: null }).execute();
  }
  return { ...(await getFlowWebhook(ctx, id)), secret };
}
