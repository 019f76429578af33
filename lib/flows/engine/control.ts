import { sql } from "kysely";
import type { Database } from "../../db/client";
import { AppError } from "../../errors";
import type { WorkspaceRole } from "../../workspaces";
import type { Json } from "../graph-schema";
import { type RunStatus, scheduleRun } from "./run-store";

const RANK: Record<WorkspaceRole, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

/** Cancels a run: at once if it is not executing, else before its next node (its current one is aborted). */
export async function cancelRun(db: Database, workspaceId: string, runId: string): Promise<RunStatus> {
  const { rows } = await sql<{ status: RunStatus }>`
    update public.flow_runs
       set cancel_requested = true,
           status = case when status in ('queued', 'waiting') then 'canceled' else status end,
           finished_at = case when status in ('queued', 'waiting') then now() else finished_at end,
           error = case when status in ('queued', 'waiting')
                        then '{"code":"canceled","message":"The run was canceled."}'::jsonb else error end
     where id = ${runId} and workspace_id = ${workspaceId}
 returning status`.execute(db);
  const r = rows[0];
  if (!r) throw new AppError("not_found", "That run does not exist in this workspace.");
  await sql`update public.flow_approvals set status = 'expired'
             where run_id = ${runId} and workspace_id = ${workspaceId} and status = 'pending'`.execute(db);
  return r.status;
}

/** Resumes a failed run from its failed node (committed nodes are kept, side effects keep their keys). */
export async function retryRun(db: Database, workspaceId: string, runId: string): Promise<void> {
  const { rows } = await sql<{ id: string }>`
    update public.flow_runs set status = 'queued', error = null, finished_at = null, cancel_requested = false
     where id = ${runId} and workspace_id = ${workspaceId} and status = 'failed'
 returning id`.execute(db);
  if (!rows[0]) {
    const exists =
      await sql`select 1 from public.flow_runs where id = ${runId} and workspace_id = ${workspaceId}`.execute(
        db,
      );
    if (exists.rows.length === 0)
      throw new AppError("not_found", "That run does not exist in this workspace.");
    throw new AppError("conflict", "Only a failed run can be retried.");
  }
  await scheduleRun(db, runId, null);
}

export interface ApprovalDecision {
  workspaceId: string;
  runId: string;
  nodeId: string;
  decision: "approve" | "reject";
  payload?: Json;
  comment?: string;
  userId: string | null;
  role: WorkspaceRole;
}

/** Records a person's decision on a waiting approval and wakes the run. */
export async function resolveApproval(
  db: Database,
  d: ApprovalDecision,
): Promise<{ status: "approved" | "rejected" }> {
  const { rows } = await sql<{ status: string; required_role: WorkspaceRole; expires_at: Date | null }>`
    select status, required_role, expires_at from public.flow_approvals
     where run_id = ${d.runId} and node_id = ${d.nodeId} and workspace_id = ${d.workspaceId}`.execute(db);
  const a = rows[0];
  if (!a) throw new AppError("not_found", "That run has no approval at that node.");
  if (RANK[d.role] < RANK[a.required_role]) {
    throw new AppError("forbidden", `Only a ${a.required_role} or above may decide this approval.`);
  }
  if (a.status !== "pending") throw new AppError("conflict", `This approval is already ${a.status}.`);
  if (a.expires_at && a.expires_at.getTime() <= Date.now())
    throw new AppError("conflict", "This approval has expired.");
  const status = d.decision === "approve" ? "approved" : "rejected";
  const payload = d.payload === undefined ? null : JSON.stringify(d.payload);
  if (payload && payload.length > 100_000)
    throw new AppError("payload_too_large", "The payload is at most 100 KB of JSON.");
  const updated = await sql<{ id: string }>`
    update public.flow_approvals
       set status = ${status}, payload = ${payload}::jsonb, comment = ${d.comment ?? null},
           decided_by = ${d.userId}, decided_at = now()
     where run_id = ${d.runId} and node_id = ${d.nodeId} and workspace_id = ${d.workspaceId} and status = 'pending'
 returning id`.execute(db);
  // Two deciders at once: the first one wins.
  if (!updated.rows[0]) throw new AppError("conflict", "This approval was decided a moment ago.");
  await scheduleRun(db, d.runId, null);
  return { status };
}
