import { sql } from "kysely";
import { z } from "zod";
import { AppError } from "../../errors";
import type { Json } from "../graph-schema";
import { defineNode } from "./define-node";

const MAX_DEPTH = 5;
const POLL_MS = 250;

/**
 * Runs another flow's published version as a child run (parent_run_id) and
 * outputs its output. The child is started with a key derived from this
 * node's idempotency key, so a retried or resumed parent finds the same
 * child instead of starting another. The child runs right here when a slot
 * is free, else on the queue; this node waits for it up to its timeout.
 */
export const subFlow = defineNode({
  type: "sub_flow",
  label: "Sub-flow",
  category: "logic",
  description: "Runs another published flow of this workspace with an input, and outputs its result.",
  config: z
    .object({
      flowId: z.uuid().describe("The flow to run (its published version)"),
      input: z
        .unknown()
        .optional()
        .describe("The child run's input (default: this node's input)")
        .meta({ widget: "json" }),
    })
    .strict(),
  inputs: ["in"],
  outputs: () => ["out"],
  sideEffects: true,
  defaultTimeoutMs: 300_000,
  async run(ctx, config, input) {
    if (config.flowId === ctx.flowId)
      throw new AppError("validation_failed", "A flow cannot run itself as a sub-flow.");
    const depth = await sql<{ n: number }>`
      with recursive up(id, parent, n) as (
        select id, parent_run_id, 1 from public.flow_runs where id = ${ctx.runId}
        union all
        select r.id, r.parent_run_id, up.n + 1 from public.flow_runs r join up on r.id = up.parent where up.n < ${MAX_DEPTH + 1})
      select max(n)::int as n from up`.execute(ctx.db);
    if ((depth.rows[0]?.n ?? 1) >= MAX_DEPTH)
      throw new AppError("validation_failed", `Sub-flows nest at most ${MAX_DEPTH} deep.`);
    // Imported here: the engine imports the node registry, which imports this file.
    const { startRun, executeRun } = await import("../engine");
    const child = await startRun(ctx.db, {
      workspaceId: ctx.workspaceId,
      flowId: config.flowId,
      source: "published",
      trigger: "subflow",
      input: (config.input ?? input) as Json,
      dedupeKey: `subflow:${ctx.idempotencyKey}`,
      parent: { runId: ctx.runId, nodeId: ctx.node.id },
    });
    await executeRun(ctx.db, child.runId);
    for (;;) {
      const { rows } = await sql<{ status: string; output: Json; error: { message?: string } | null }>`
        select status, output, error from public.flow_runs where id = ${child.runId} and workspace_id = ${ctx.workspaceId}`.execute(
        ctx.db,
      );
      const r = rows[0];
      if (!r) throw new AppError("not_found", "The sub-flow's run is gone.");
      if (r.status === "succeeded") return { kind: "done", output: r.output };
      if (r.status === "failed" || r.status === "canceled") {
        throw new AppError("conflict", `The sub-flow ${r.status}: ${r.error?.message ?? "no reason given"}`);
      }
      if (ctx.signal.aborted) throw ctx.signal.reason;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  },
});
