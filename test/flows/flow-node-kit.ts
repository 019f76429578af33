// Test-only: a flow and a run row to hang a node's context on, so a node's
// `run` can be called directly the way the engine calls it.
import { randomBytes, randomUUID } from "node:crypto";
import type { Database } from "../../lib/db/client";
import { getDb } from "../../lib/db/client";
import type { Json } from "../../lib/flows/graph-schema";
import type { NodeContext, NodeDefinition, NodeResult } from "../../lib/flows/nodes/define-node";

export interface FlowFixture {
  workspaceId: string;
  flowId: string;
  runId: string;
}

/** A flow created by `createdBy`, and a run of it started by `runBy` (null: an unattended trigger). */
export async function seedFlowRun(
  db: Database,
  workspaceId: string,
  createdBy: string | null,
  runBy: string | null = null,
): Promise<FlowFixture> {
  const flow = await db
    .insertInto("flows")
    .values({
      workspace_id: workspaceId,
      name: `Flow ${randomUUID().slice(0, 8)}`,
      webhook_token_hash: randomBytes(16).toString("hex"),
      webhook_token_enc: "v1:test:unused",
      created_by: createdBy,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const run = await db
    .insertInto("flow_runs")
    .values({
      workspace_id: workspaceId,
      flow_id: flow.id,
      graph: JSON.stringify({ nodes: [], edges: [] }),
      status: "running",
      trigger: runBy ? "manual" : "webhook",
      created_by: runBy,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { workspaceId, flowId: flow.id, runId: run.id };
}

export function nodeContext(
  fx: FlowFixture,
  type: string,
  overrides: Partial<NodeContext> = {},
): NodeContext {
  const nodeId = `n_${randomUUID().slice(0, 8)}`;
  return {
    workspaceId: fx.workspaceId,
    flowId: fx.flowId,
    runId: fx.runId,
    node: {
      id: nodeId,
      type,
      name: nodeId,
      config: {},
      position: { x: 0, y: 0 },
      disabled: false,
    },
    itemKey: "",
    attempt: 1,
    idempotencyKey: `${fx.runId}:${nodeId}:`,
    signal: new AbortController().signal,
    db: getDb(),
    trigger: {},
    // Configs given to runNode are already resolved (main's NodeContext gained `resolve` in the merge).
    resolve: (value) => value as NodeContext["trigger"],
    ...overrides,
  };
}

/** Parses the config as the engine does (after resolving expressions), then runs the node. */
export async function runNode<D extends NodeDefinition>(
  def: D,
  ctx: NodeContext,
  config: unknown,
  input: Json = {},
) {
  return def.run(ctx, def.config.parse(config), input);
}

/** A done result's output, as an object (fails the test on anything else). */
export function outputOf(r: NodeResult): Record<string, unknown> {
  if (r.kind !== "done" || !r.output || typeof r.output !== "object" || Array.isArray(r.output)) {
    throw new Error(`expected a done result with an object output, got ${JSON.stringify(r)}`);
  }
  return r.output as Record<string, unknown>;
}
