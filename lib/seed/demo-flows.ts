import { randomUUID } from "node:crypto";
import type { Database } from "../db/client";
import { runAsService } from "../db/rls";
import { type FlowGraphInput, flowGraphSchema } from "../flows/graph-schema";
import { flowTemplates } from "../flows/templates";
import { syncFlowTriggers } from "../flows/triggers/sync";
import { webhookTokenColumns } from "../flows/triggers/webhook-secret";

/** A published flow a demo user can call at once: its webhook answers with a shaped order status. */
const ORDER_STATUS: { name: string; description: string; graph: FlowGraphInput } = {
  name: "Order status webhook",
  description: 'POST {"order": "A-1001"} to its webhook URL; it answers with the order\'s status.',
  graph: {
    nodes: [
      {
        id: "hook",
        type: "webhook_trigger",
        name: "Webhook",
        config: { respond: "when_responded", timeoutMs: 10_000 },
        position: { x: 0, y: 0 },
      },
      {
        id: "shape",
        type: "transform",
        name: "Shape",
        config: {
          keepInput: false,
          operations: [
            { op: "set", field: "order", value: "{{ $trigger.body.order }}" },
            { op: "set", field: "status", value: "shipped" },
          ],
        },
        position: { x: 0, y: 140 },
      },
      {
        id: "answer",
        type: "respond_to_webhook",
        name: "Answer",
        config: {
          status: 200,
          body: { order: '{{ $node["Shape"].output.order }}', status: '{{ $node["Shape"].output.status }}' },
        },
        position: { x: 0, y: 280 },
      },
    ],
    edges: [
      { id: "e1", source: "hook", sourceHandle: "out", target: "shape", targetHandle: "in" },
      { id: "e2", source: "shape", sourceHandle: "out", target: "answer", targetHandle: "in" },
    ],
  },
};

/**
 * The demo workspace's flows, made with the workspace (not brought back once
 * deleted): the order-status webhook, published, and the starter templates as
 * drafts, so the Flows and Runs pages have something to open and run.
 */
export async function seedDemoFlows(db: Database, workspaceId: string, userId: string): Promise<void> {
  const flows = [
    { ...ORDER_STATUS, publish: true },
    ...flowTemplates.map((t) => ({
      name: t.name,
      description: t.description,
      graph: t.graph,
      publish: false,
    })),
  ];
  await runAsService(
    "seed:demo-flows",
    async (tx) => {
      for (const f of flows) {
        const id = randomUUID();
        const graph = flowGraphSchema.parse(f.graph);
        const { token: _token, ...tokenColumns } = await webhookTokenColumns(workspaceId, id);
        await tx
          .insertInto("flows")
          .values({
            id,
            workspace_id: workspaceId,
            name: f.name,
            description: f.description,
            draft: JSON.stringify(graph),
            created_by: userId,
            ...tokenColumns,
          })
          .execute();
        if (!f.publish) continue;
        await tx
          .insertInto("flow_versions")
          .values({
            workspace_id: workspaceId,
            flow_id: id,
            version: 1,
            graph: JSON.stringify(graph),
            created_by: userId,
          })
          .execute();
        await tx.updateTable("flows").set({ published_version: 1 }).where("id", "=", id).execute();
        await syncFlowTriggers(tx, { workspaceId, flowId: id, version: 1, graph });
      }
    },
    db,
  );
}
