import type { Tx } from "../../db/rls";
import type { FlowGraph } from "../graph-schema";
import { eventTriggerConfig } from "../nodes/event-trigger";
import { scheduleTriggerConfig } from "../nodes/schedule-trigger";
import { nextTick } from "./schedule-core";

/**
 * Rebuilds a flow's flow_triggers rows from the version being published (call
 * it in the publish transaction, after validateGraph). A schedule whose cron
 * and time zone did not change keeps its stored next_tick_at, so ticks missed
 * across a republish follow the missed-tick policy instead of vanishing.
 */
export async function syncFlowTriggers(
  tx: Tx,
  flow: { workspaceId: string; flowId: string; version: number; graph: FlowGraph },
  now = new Date(),
): Promise<void> {
  const existing = await tx
    .selectFrom("flow_triggers")
    .select(["node_id", "cron", "timezone", "next_tick_at"])
    .where("workspace_id", "=", flow.workspaceId)
    .where("flow_id", "=", flow.flowId)
    .execute();
  const before = new Map(existing.map((e) => [e.node_id, e]));
  const rows = [];
  for (const node of flow.graph.nodes) {
    if (node.disabled) continue;
    const base = {
      workspace_id: flow.workspaceId,
      flow_id: flow.flowId,
      version: flow.version,
      node_id: node.id,
    };
    if (node.type === "webhook_trigger") rows.push({ ...base, kind: "webhook" });
    else if (node.type === "schedule_trigger") {
      const c = scheduleTriggerConfig.parse(node.config);
      const prev = before.get(node.id);
      const keep = prev && prev.cron === c.cron && prev.timezone === c.timezone && prev.next_tick_at;
      rows.push({
        ...base,
        kind: "schedule",
        cron: c.cron,
        timezone: c.timezone,
        missed: c.missed,
        next_tick_at: keep ? prev.next_tick_at : nextTick(c.cron, c.timezone, now),
      });
    } else if (node.type === "event_trigger") {
      const c = eventTriggerConfig.parse(node.config);
      rows.push({ ...base, kind: "event", event: c.event, filter: JSON.stringify(c.filter) });
    }
  }
  // Upserted, not replaced: a trigger keeps its id (and its recorded ticks) across versions.
  let stale = tx
    .deleteFrom("flow_triggers")
    .where("workspace_id", "=", flow.workspaceId)
    .where("flow_id", "=", flow.flowId);
  if (rows.length)
    stale = stale.where(
      "node_id",
      "not in",
      rows.map((r) => r.node_id),
    );
  await stale.execute();
  for (const row of rows) {
    const full = {
      cron: null,
      timezone: null,
      missed: "skip",
      next_tick_at: null,
      event: null,
      filter: "{}",
      ...row,
    };
    await tx
      .insertInto("flow_triggers")
      .values(full)
      .onConflict((oc) =>
        oc.columns(["flow_id", "node_id"]).doUpdateSet({
          version: full.version,
          kind: full.kind,
          cron: full.cron,
          timezone: full.timezone,
          missed: full.missed,
          next_tick_at: full.next_tick_at,
          event: full.event,
          filter: full.filter,
        }),
      )
      .execute();
  }
}
