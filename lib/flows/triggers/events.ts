import type { Task } from "graphile-worker";
import { z } from "zod";
import type { Database } from "../../db/client";
import { logger } from "../../logger";
import type { Json } from "../graph-schema";
import { FLOW_EVENTS } from "../nodes/event-trigger";
import { enqueueTriggeredRun } from "./enqueue-run";

/**
 * Delivery of Postgres events (private.flow_emit_event, fired by triggers on
 * conversations, messages, carts and flow_runs) to the flows listening for
 * them. Runs as the `flow_event` job on the worker: the writer's transaction
 * only enqueued it, so a slow or broken flow never slows the chat.
 */
const eventJobSchema = z.object({
  workspaceId: z.uuid(),
  event: z.enum(FLOW_EVENTS),
  eventId: z.string().min(1).max(300),
  payload: z.record(z.string(), z.unknown()),
  occurredAt: z.string(),
});
export type FlowEventJob = z.infer<typeof eventJobSchema>;

/** Every filter field equals the payload's (an array payload field, e.g. tags, contains it). */
export function matchesFilter(filter: Record<string, unknown>, payload: Record<string, unknown>): boolean {
  for (const [key, want] of Object.entries(filter)) {
    const have = payload[key];
    if (Array.isArray(have)) {
      if (!have.some((h) => h !== null && typeof h !== "object" && String(h) === String(want))) return false;
    } else if (
      have === null ||
      have === undefined ||
      typeof have === "object" ||
      String(have) !== String(want)
    ) {
      return false;
    }
  }
  return true;
}

export async function deliverFlowEvent(db: Database, job: FlowEventJob): Promise<string[]> {
  const listeners = await db
    .selectFrom("flow_triggers as t")
    .innerJoin("flows as f", (j) =>
      j.onRef("f.id", "=", "t.flow_id").onRef("f.workspace_id", "=", "t.workspace_id"),
    )
    .select(["t.flow_id", "t.node_id", "t.filter"])
    .where("t.workspace_id", "=", job.workspaceId)
    .where("t.kind", "=", "event")
    .where("t.event", "=", job.event)
    .where("f.enabled", "=", true)
    .whereRef("f.published_version", "=", "t.version")
    .execute();
  const runs: string[] = [];
  for (const l of listeners) {
    const filter = (l.filter ?? {}) as Record<string, unknown>;
    if (!matchesFilter(filter, job.payload)) continue;
    const run = await enqueueTriggeredRun(db, {
      workspaceId: job.workspaceId,
      flowId: l.flow_id,
      trigger: "event",
      nodeId: l.node_id,
      input: {
        ...(job.payload as Record<string, Json>),
        event: job.event,
        eventId: job.eventId,
        occurredAt: job.occurredAt,
      },
      dedupeKey: `event:${job.eventId}:${l.node_id}`,
    });
    runs.push(run.runId);
  }
  return runs;
}

export function flowEventTask(db: Database): Task {
  return async (payload) => {
    const parsed = eventJobSchema.safeParse(payload);
    if (!parsed.success) {
      // Not retried: the same payload would fail the same way.
      logger.warn({ issues: parsed.error.issues }, "flows: unreadable flow_event job dropped");
      return;
    }
    await deliverFlowEvent(db, parsed.data);
  };
}
