import { runAsUser } from "../db/rls";
import { AppError } from "../errors";
import { parseWith } from "../validation";
import type { WorkspaceScope } from "../workspaces";
import { type FlowSettings, flowSettingsInput } from "./schema";

/** What a workspace without a flow_settings row gets (the columns' defaults). */
export const DEFAULT_FLOW_SETTINGS: FlowSettings = { runRetentionDays: 30, maxConcurrentRuns: 10 };

/** Viewer or above. */
export async function getFlowSettings(ctx: WorkspaceScope): Promise<FlowSettings> {
  const row = await runAsUser(ctx.claims, (tx) =>
    tx
      .selectFrom("flow_settings")
      .select(["run_retention_days", "max_concurrent_runs"])
      .where("workspace_id", "=", ctx.workspaceId)
      .executeTakeFirst(),
  );
  return row
    ? { runRetentionDays: row.run_retention_days, maxConcurrentRuns: row.max_concurrent_runs }
    : { ...DEFAULT_FLOW_SETTINGS };
}

/** Admin or above (RLS). */
export async function updateFlowSettings(
  ctx: WorkspaceScope,
  input: { runRetentionDays?: number; maxConcurrentRuns?: number },
): Promise<FlowSettings> {
  const v = parseWith(flowSettingsInput, input);
  const set = {
    ...(v.runRetentionDays !== undefined ? { run_retention_days: v.runRetentionDays } : {}),
    ...(v.maxConcurrentRuns !== undefined ? { max_concurrent_runs: v.maxConcurrentRuns } : {}),
  };
  const row = await runAsUser(ctx.claims, (tx) =>
    tx
      .insertInto("flow_settings")
      .values({ workspace_id: ctx.workspaceId, ...set })
      .onConflict((oc) => oc.column("workspace_id").doUpdateSet(set))
      .returning(["run_retention_days", "max_concurrent_runs"])
      .executeTakeFirstOrThrow(),
  ).catch((e) => {
    if ((e as { code?: string }).code === "42501")
      throw new AppError("forbidden", "Only admins can change flow settings.");
    throw e;
  });
  return { runRetentionDays: row.run_retention_days, maxConcurrentRuns: row.max_concurrent_runs };
}
