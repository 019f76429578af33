import { sql } from "kysely";
import { flowRunRefusal } from "../../billing/flow-runs";
import type { Database } from "../../db/client";
import { isAppError } from "../../errors";
import { logger } from "../../logger";
import { type ExpressionScope, resolveTemplates } from "../expressions";
import type { FlowEdge, FlowGraph, FlowNode, Json } from "../graph-schema";
import type { NodeContext, NodeDefinition, NodeResult } from "../nodes/define-node";
import { getNodeType } from "../nodes/registry";
import { withLimits } from "./node-limits";
import { type NodeOutcome, resumeParked } from "./resume-parked";
import { cancelRequested, commit, failRun } from "./run-checkpoint";
import {
  claimAndLoadRun,
  finishRun,
  type NodeRow,
  type RunRow,
  scheduleRun,
  setRunStatus,
} from "./run-store";

/**
 * Runs (or resumes) one flow run on the worker. Each node's result is
 * committed before the next node starts, so after a crash the run resumes
 * from its last committed node; a node that was mid-flight is run again as
 * its next attempt with the same idempotency key.
 *
 * Order: a node runs once every incoming edge's source has finished. An edge
 * from a handle its source did not take is dead; a node whose incoming edges
 * are all dead is skipped, and so are its own outputs.
 */

const MAX_BACKOFF_MS = 3_600_000;
const BUSY_RETRY_MS = 1000;

export type ExecuteOutcome = "done" | "parked" | "busy" | "gone";

interface Plan {
  byId: Map<string, FlowNode>;
  incoming: Map<string, FlowEdge[]>;
  outgoing: Map<string, FlowEdge[]>;
}

function plan(graph: FlowGraph): Plan {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const incoming = new Map<string, FlowEdge[]>();
  const outgoing = new Map<string, FlowEdge[]>();
  for (const e of graph.edges) {
    incoming.set(e.target, [...(incoming.get(e.target) ?? []), e]);
    outgoing.set(e.source, [...(outgoing.get(e.source) ?? []), e]);
  }
  return { byId, incoming, outgoing };
}

function safeError(e: unknown): { code: string; message: string } {
  if (isAppError(e)) return { code: e.code, message: e.message };
  if (e instanceof Error && e.name === "FlowTimeout") return { code: "timeout", message: e.message };
  if (e instanceof Error && e.name === "FlowCanceled")
    return { code: "canceled", message: "The run was canceled." };
  return { code: "internal", message: "The node failed unexpectedly." };
}

export async function executeRun(db: Database, runId: string): Promise<ExecuteOutcome> {
  const { claim, loaded } = await claimAndLoadRun(db, runId);
  if (claim === "busy") {
    await scheduleRun(db, runId, new Date(Date.now() + BUSY_RETRY_MS));
    return "busy";
  }
  if (claim !== "claimed" || !loaded) return "gone";
  const { run, graph } = loaded;
  // The plan's monthly run limit (issue 15), before the first node: runs recorded in SQL
  // (webhooks, schedules, events) end here as failed runs the member can see.
  if (loaded.nodes.length === 0 && run.parentRunId === null) {
    const refusal = await flowRunRefusal(db, run.workspaceId, run.id);
    if (refusal) {
      await finishRun(db, run, "failed", {
        error: { code: refusal.code, message: refusal.message, ...(refusal.details as Record<string, Json>) },
      });
      return "done";
    }
  }
  const p = plan(graph);
  const state = new Map<string, NodeRow>();
  for (const n of loaded.nodes) if (n.itemKey === "") state.set(n.nodeId, n);
  const deadline = Date.now() + graph.settings.runTimeoutMs;

  const startNode =
    (run.triggerNodeId && p.byId.get(run.triggerNodeId)) ||
    graph.nodes.find((n) => n.type === "manual_trigger") ||
    graph.nodes.find((n) => getNodeType(n.type)?.category === "trigger");

  const scope = (extra?: { item?: Json; index?: number }): ExpressionScope => {
    const nodes: ExpressionScope["nodes"] = {};
    for (const [id, s] of state) {
      const node = p.byId.get(id);
      if (node && s.status === "succeeded") nodes[node.name] = { output: s.output, port: s.port ?? "out" };
    }
    return {
      nodes,
      input: null,
      trigger: run.input,
      item: extra?.item,
      index: extra?.index,
      run: { id: run.id },
      flow: { id: run.flowId },
      now: new Date().toISOString(),
    };
  };

  const edgeState = (e: FlowEdge): "live" | "dead" | "pending" => {
    const s = state.get(e.source);
    if (!s) return "pending";
    if (s.status === "skipped") return "dead";
    if (s.status !== "succeeded") return "pending";
    return (s.port ?? "out") === e.sourceHandle ? "live" : "dead";
  };

  const inputFor = (node: FlowNode, def: NodeDefinition): Json => {
    const edges = p.incoming.get(node.id) ?? [];
    if (def.inputs.length > 1) {
      const byHandle: Record<string, Json> = {};
      for (const h of def.inputs) byHandle[h] = null;
      for (const e of edges)
        if (edgeState(e) === "live") byHandle[e.targetHandle] = state.get(e.source)?.output ?? null;
      return byHandle;
    }
    const live = edges.find((e) => edgeState(e) === "live");
    return live ? (state.get(live.source)?.output ?? null) : null;
  };

  let checkedAt = Date.now();
  for (;;) {
    // The claim just read the run; look again for a cancel only when time has passed.
    let cancel = run.cancelRequested;
    if (!cancel && Date.now() - checkedAt > 250) {
      checkedAt = Date.now();
      cancel = await cancelRequested(db, run);
    }
    if (cancel) {
      await finishRun(db, run, "canceled", { error: { code: "canceled", message: "The run was canceled." } });
      return "done";
    }
    // Finished nodes' failures end the run; retries pending are resumed below.
    let progressed = false;
    let waiting = false;
    for (const node of graph.nodes) {
      const s = state.get(node.id);
      if (s && (s.status === "succeeded" || s.status === "skipped")) continue;
      const def = getNodeType(node.type);
      if (!def) {
        await failRun(db, run, node, {
          code: "validation_failed",
          message: `Unknown node type "${node.type}".`,
        });
        return "done";
      }
      if (def.inputs.length === 0) {
        // Trigger nodes: only the one that started the run runs; the others are skipped.
        if (node.id !== startNode?.id) {
          await commit(db, run, state, {
            nodeId: node.id,
            status: "skipped",
            input: null,
            output: null,
            port: null,
            error: null,
          });
          progressed = true;
          continue;
        }
      } else {
        const edges = p.incoming.get(node.id) ?? [];
        const states = edges.map(edgeState);
        if (states.includes("pending")) continue;
        if (edges.length === 0 || states.every((x) => x === "dead")) {
          await commit(db, run, state, {
            nodeId: node.id,
            status: "skipped",
            input: null,
            output: null,
            port: null,
            error: null,
          });
          progressed = true;
          continue;
        }
      }
      const outcome = await runNode(db, run, node, def, state, scope, inputFor(node, def), deadline);
      if (outcome === "failed") return "done";
      if (outcome === "parked") {
        waiting = true;
        continue;
      }
      if (outcome === "rescheduled") return "parked";
      progressed = true;
    }
    if (progressed) continue;
    if (waiting) {
      await setRunStatus(db, run, "waiting");
      return "parked";
    }
    break;
  }

  // Done: the run's output is its end node's (or each end node's, by name).
  const ends = graph.nodes.filter(
    (n) =>
      state.get(n.id)?.status === "succeeded" &&
      !(p.outgoing.get(n.id) ?? []).some((e) => edgeState(e) === "live"),
  );
  const output: Json =
    ends.length === 1
      ? (state.get((ends[0] as FlowNode).id)?.output ?? null)
      : Object.fromEntries(ends.map((n) => [n.name, state.get(n.id)?.output ?? null]));
  await finishRun(db, run, "succeeded", { output });
  return "done";
}

async function runNode(
  db: Database,
  run: RunRow,
  node: FlowNode,
  def: NodeDefinition,
  state: Map<string, NodeRow>,
  scope: (extra?: { item?: Json; index?: number }) => ExpressionScope,
  input: Json,
  runDeadline: number,
): Promise<NodeOutcome> {
  const prev = state.get(node.id);
  // A parked node (wait, approval) is resumed, not run again.
  if (prev?.status === "waiting") return resumeParked(db, run, node, prev, state);

  const attempt = prev ? prev.attempt + 1 : 1;
  const maxAttempts = node.retry?.maxAttempts ?? 1;
  const startedAt = new Date();
  const baseScope = scope();
  const nodeScope = { ...baseScope, input };

  if (node.disabled) {
    await commit(db, run, state, {
      nodeId: node.id,
      status: "succeeded",
      input,
      output: input,
      port: def.outputs(def.config.parse({}))[0] ?? "out",
      error: null,
    });
    return "succeeded";
  }

  // A side effect is recorded as started before it happens: after a crash the attempt counts.
  if (def.sideEffects) {
    await commit(db, run, state, {
      nodeId: node.id,
      status: "running",
      attempt,
      input,
      output: null,
      port: null,
      error: null,
      startedAt,
    });
  }

  const controller = new AbortController();
  const timeoutMs = Math.min(node.timeoutMs ?? def.defaultTimeoutMs, Math.max(0, runDeadline - Date.now()));
  let result: NodeResult;
  try {
    const resolved = resolveConfig(def, node.config, nodeScope);
    const config = def.config.parse(resolved);
    const ctx: NodeContext = {
      workspaceId: run.workspaceId,
      flowId: run.flowId,
      runId: run.id,
      node,
      itemKey: "",
      attempt,
      idempotencyKey: `${run.id}:${node.id}:`,
      signal: controller.signal,
      db,
      trigger: run.input,
      resolve: (value, extra) => resolveTemplates(value, { ...nodeScope, ...scope(extra), input }),
    };
    result = await withLimits(def.run(ctx, config, input), controller, timeoutMs, db, run);
  } catch (thrown) {
    // A node that saw its signal abort fails with its own error; the reason is the one to report.
    const reason = controller.signal.aborted ? (controller.signal.reason as unknown) : undefined;
    const e =
      reason instanceof Error && (reason.name === "FlowTimeout" || reason.name === "FlowCanceled")
        ? reason
        : thrown;
    const error = safeError(e);
    if (!isAppError(e) && !(e instanceof Error && (e.name === "FlowTimeout" || e.name === "FlowCanceled"))) {
      logger.warn({ err: e, runId: run.id, nodeId: node.id }, "flows: node failed");
    }
    if (error.code === "canceled") {
      await commit(db, run, state, {
        nodeId: node.id,
        status: "failed",
        attempt,
        input,
        output: null,
        port: null,
        error,
        startedAt,
      });
      await finishRun(db, run, "canceled", { error });
      return "failed";
    }
    if (attempt < maxAttempts && Date.now() < runDeadline) {
      await commit(db, run, state, {
        nodeId: node.id,
        status: "failed",
        attempt,
        input,
        output: null,
        port: null,
        error,
        startedAt,
      });
      const backoff = Math.min(MAX_BACKOFF_MS, (node.retry?.backoffMs ?? 1000) * 2 ** (attempt - 1));
      await scheduleRun(db, run.id, new Date(Date.now() + backoff));
      // Park as queued: the slot is free while the backoff runs.
      await setRunStatus(db, run, "queued");
      return "rescheduled";
    }
    await commit(db, run, state, {
      nodeId: node.id,
      status: "failed",
      attempt,
      input,
      output: null,
      port: null,
      error,
      startedAt,
    });
    await failRun(db, run, node, error);
    return "failed";
  }

  if (result.kind === "done") {
    const port = result.port ?? "out";
    await commit(db, run, state, {
      nodeId: node.id,
      status: "succeeded",
      attempt,
      input,
      output: result.output,
      port,
      error: null,
      startedAt,
    });
    return "succeeded";
  }
  if (result.kind === "wait") {
    await commit(db, run, state, {
      nodeId: node.id,
      status: "waiting",
      attempt,
      input,
      output: { until: result.until.toISOString() },
      port: null,
      error: null,
      startedAt,
    });
    await scheduleRun(db, run.id, result.until);
    return "parked";
  }
  // Approval: a row to decide on; an expiry wakes the run onto 'timeout'.
  await sql`insert into public.flow_approvals (workspace_id, run_id, node_id, required_role, message, expires_at)
            values (${run.workspaceId}, ${run.id}, ${node.id}, ${result.requiredRole}, ${result.message.slice(0, 4000)},
                    ${result.expiresAt})
            on conflict (run_id, node_id) do nothing`.execute(db);
  await commit(db, run, state, {
    nodeId: node.id,
    status: "waiting",
    attempt,
    input,
    output: { approval: "pending", expiresAt: result.expiresAt?.toISOString() ?? null },
    port: null,
    error: null,
    startedAt,
  });
  if (result.expiresAt) await scheduleRun(db, run.id, result.expiresAt, `${run.id}:expire:${node.id}`);
  return "parked";
}

/** The config with expressions resolved, except the fields the node type takes as written. */
function resolveConfig(def: NodeDefinition, config: Record<string, unknown>, scope: ExpressionScope): Json {
  if (!def.literalFields?.length) return resolveTemplates(config, scope);
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(config)) {
    out[k] = def.literalFields.includes(k) ? (v as Json) : resolveTemplates(v, scope);
  }
  return out;
}
