import { getDb } from "../db/client";
import { runAsUser } from "../db/rls";
import { AppError } from "../errors";
import { parseWith } from "../validation";
import type { WorkspaceRole, WorkspaceScope } from "../workspaces";
import { cancelRun, type RunTrigger, resolveApproval, retryRun, startRun } from "./engine";
import { assertCanEditFlow, assertFlowId, getFlow, graphIssues } from "./flows";
import type { Json } from "./graph-schema";
import { nodeRunColumns, type RunRowDb, runColumns, toFlowApproval, toFlowNodeRun, toFlowRun } from "./map";
import {
  type FlowApproval,
  type FlowNodeRun,
  type FlowRun,
  type ListRunsQuery,
  listRunsQuery,
  type ResolveApprovalInput,
  resolveApprovalInput,
  runIdSchema,
  type StartRunInput,
  startRunInput,
} from "./schema";

const runNotFound = () => new AppError("not_found", "That run does not exist in this workspace.");

function assertRunId(id: string): void {
  if (!runIdSchema.safeParse(id).success) throw runNotFound();
}

export interface FlowRunDetail extends FlowRun {
  nodes: FlowNodeRun[];
  approvals: FlowApproval[];
}

// Keyset position: (created_at desc, id desc), as `<ISO>|<uuid>` in base64url.
const encodeCursor = (r: { created_at: Date; id: string }) =>
  Buffer.from(`${r.created_at.toISOString()}|${r.id}`, "utf8").toString("base64url");

function decodeCursor(raw: string): { at: Date; id: string } {
  const [at = "", id = ""] = Buffer.from(raw, "base64url").toString("utf8").split("|");
  const date = new Date(at);
  if (Number.isNaN(date.getTime()) || !runIdSchema.safeParse(id).success) {
    throw new AppError("validation_failed", "Some fields are missing or invalid.", {
      details: [{ path: "cursor", message: "Invalid cursor." }],
    });
  }
  return { at: date, id };
}

/** Viewer or above. Newest first. */
export async function listFlowRuns(
  ctx: WorkspaceScope,
  q: ListRunsQuery = {},
): Promise<{ runs: FlowRun[]; nextCursor: string | null }> {
  const f = parseWith(listRunsQuery, q, "(query)");
  const after = f.cursor ? decodeCursor(f.cursor) : undefined;
  const rows = (await runAsUser(ctx.claims, (tx) => {
    let qb = tx.selectFrom("flow_runs").select(runColumns).where("workspace_id", "=", ctx.workspaceId);
    if (f.flowId) qb = qb.where("flow_id", "=", f.flowId);
    if (f.status) qb = qb.where("status", "=", f.status);
    if (f.trigger) qb = qb.where("trigger", "=", f.trigger);
    if (after) {
      qb = qb.where((eb) =>
        eb.or([
          eb("created_at", "<", after.at),
          eb.and([eb("created_at", "=", after.at), eb("id", "<", after.id)]),
        ]),
      );
    }
    return qb
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(f.limit + 1)
      .execute();
  })) as RunRowDb[];
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  return {
    runs: page.map(toFlowRun),
    nextCursor: rows.length > f.limit && last ? encodeCursor(last) : null,
  };
}

/** Viewer or above: the run with every node's committed result and its approvals. */
export async function getFlowRun(ctx: WorkspaceScope, id: string): Promise<FlowRunDetail> {
  assertRunId(id);
  return runAsUser(ctx.claims, async (tx) => {
    const run = (await tx
      .selectFrom("flow_runs")
      .select(runColumns)
      .where("workspace_id", "=", ctx.workspaceId)
      .where("id", "=", id)
      .executeTakeFirst()) as RunRowDb | undefined;
    if (!run) throw runNotFound();
    const nodes = await tx
      .selectFrom("flow_node_runs")
      .select(nodeRunColumns)
      .where("workspace_id", "=", ctx.workspaceId)
      .where("run_id", "=", id)
      .orderBy("started_at")
      .orderBy("node_id")
      .orderBy("item_key")
      .execute();
    const approvals = await tx
      .selectFrom("flow_approvals")
      .select(approvalColumns)
      .where("workspace_id", "=", ctx.workspaceId)
      .where("run_id", "=", id)
      .orderBy("created_at")
      .execute();
    return {
      ...toFlowRun(run),
      nodes: nodes.map(toFlowNodeRun),
      approvals: approvals.map((a) => toFlowApproval({ ...a, flow_id: run.flow_id })),
    };
  });
}

const approvalColumns = [
  "run_id",
  "node_id",
  "status",
  "required_role",
  "message",
  "payload",
  "comment",
  "decided_by",
  "decided_at",
  "expires_at",
  "created_at",
] as const;

/**
 * Member or above (the operation's role): starts a run through the engine,
 * which records it and queues it for the worker in one transaction.
 */
export async function startFlowRun(
  ctx: WorkspaceScope,
  flowId: string,
  input: StartRunInput,
  trigger: RunTrigger,
): Promise<FlowRunDetail> {
  assertFlowId(flowId);
  const v = parseWith(startRunInput, input);
  await assertCanEditFlow(ctx, flowId);
  if (v.source === "draft") {
    // A test run executes the draft as it is: one that could not be published would fail half-way.
    const issues = graphIssues((await getFlow(ctx, flowId)).draft);
    if (issues.length > 0) {
      throw new AppError("validation_failed", "Fix the flow's issues before a test run.", {
        details: issues,
      });
    }
  }
  const { runId } = await startRun(getDb(), {
    workspaceId: ctx.workspaceId,
    flowId,
    source: v.source,
    trigger,
    input: v.input as Json,
    createdBy: ctx.claims.sub,
  });
  return getFlowRun(ctx, runId);
}

/** Member or above (the operation's role). */
export async function cancelFlowRun(ctx: WorkspaceScope, id: string): Promise<FlowRunDetail> {
  await assertCanEditFlow(ctx, (await getFlowRun(ctx, id)).flowId);
  await cancelRun(getDb(), ctx.workspaceId, id);
  return getFlowRun(ctx, id);
}

/** Member or above (the operation's role): a failed run resumes from its failed node(s). */
export async function retryFlowRun(ctx: WorkspaceScope, id: string): Promise<FlowRunDetail> {
  await assertCanEditFlow(ctx, (await getFlowRun(ctx, id)).flowId);
  await retryRun(getDb(), ctx.workspaceId, id);
  return getFlowRun(ctx, id);
}

/** Viewer or above: approvals waiting for a decision, newest first. */
export async function listPendingApprovals(ctx: WorkspaceScope): Promise<FlowApproval[]> {
  const rows = await runAsUser(ctx.claims, (tx) =>
    tx
      .selectFrom("flow_approvals as a")
      .innerJoin("flow_runs as r", (j) =>
        j.onRef("r.id", "=", "a.run_id").onRef("r.workspace_id", "=", "a.workspace_id"),
      )
      .select([
        "a.run_id",
        "r.flow_id",
        "a.node_id",
        "a.status",
        "a.required_role",
        "a.message",
        "a.payload",
        "a.comment",
        "a.decided_by",
        "a.decided_at",
        "a.expires_at",
        "a.created_at",
      ])
      .where("a.workspace_id", "=", ctx.workspaceId)
      .where("a.status", "=", "pending")
      .orderBy("a.created_at", "desc")
      .limit(200)
      .execute(),
  );
  return rows.map(toFlowApproval);
}

/**
 * The caller's role against the approval's required role is the engine's
 * check; an API key acts with its own (reduced) role.
 */
export async function decideApproval(
  ctx: WorkspaceScope,
  runId: string,
  nodeId: string,
  input: ResolveApprovalInput,
  role: WorkspaceRole,
): Promise<FlowRunDetail> {
  const v = parseWith(resolveApprovalInput, input);
  await getFlowRun(ctx, runId);
  await resolveApproval(getDb(), {
    workspaceId: ctx.workspaceId,
    runId,
    nodeId,
    decision: v.decision,
    payload: v.payload as Json | undefined,
    comment: v.comment,
    userId: ctx.claims.sub,
    role,
  });
  return getFlowRun(ctx, runId);
}
