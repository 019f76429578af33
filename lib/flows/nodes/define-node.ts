import type { z } from "zod";
import type { Database } from "../../db/client";
import type { FlowNode, Json } from "../graph-schema";

/**
 * What every node type declares, once: its config schema (which also drives
 * the editor's generated form, REST/MCP validation and the palette), its
 * handles, and what it does. The engine (lib/flows/engine) owns ordering,
 * checkpoints, retries, timeouts and cancellation; a node only turns its
 * resolved config and input into a result.
 */

export type NodeCategory = "trigger" | "ai" | "action" | "logic" | "data" | "human";

export interface NodeContext {
  workspaceId: string;
  flowId: string;
  runId: string;
  node: FlowNode;
  /** '' outside loops; the item path inside them. */
  itemKey: string;
  attempt: number;
  /**
   * The same for every attempt of this node in this run (and item): a node
   * with side effects sends it on (e.g. `Idempotency-Key`) so a retry or a
   * resumed run never does the thing twice.
   */
  idempotencyKey: string;
  /** Aborted at the node's timeout, on cancel and at the run's deadline. */
  signal: AbortSignal;
  /** Service-role database; every query names ctx.workspaceId. */
  db: Database;
  /** The run's trigger input ($trigger in expressions). */
  trigger: Json;
  /**
   * Resolves expressions in a raw config value (from ctx.node.config) later
   * than the engine does, e.g. once per item of a loop with $item and $index.
   */
  resolve(value: unknown, extra?: { item?: Json; index?: number }): Json;
}

/** A node's outcome. `port` chooses the output handle (default 'out'). */
export type NodeResult =
  | { kind: "done"; output: Json; port?: string }
  /** Pause the run until `until` (durable: a job is scheduled for then). */
  | { kind: "wait"; until: Date; output?: Json }
  /** Pause the run until a person decides (flow_approvals row), or `expiresAt` passes. */
  | {
      kind: "approval";
      message: string;
      requiredRole: "member" | "admin" | "owner";
      expiresAt: Date | null;
    };

export interface NodeDefinition<C extends z.ZodType = z.ZodType> {
  type: string;
  label: string;
  category: NodeCategory;
  description: string;
  /**
   * The node's settings. String fields may hold expressions (`{{ … }}`):
   * validateGraph checks them with expressions replaced by a placeholder of
   * the right kind, the engine resolves them before `run` parses again.
   */
  config: C;
  /** Input handles; [] for triggers. More than one: the node waits for all live inputs (merge). */
  inputs: readonly string[];
  /** Output handles for this config (a switch's depend on its cases). */
  outputs(config: z.output<C>): string[];
  /** Top-level config fields taken as written: not expressions (e.g. the code node's source). */
  literalFields?: readonly string[];
  /** Talks to the outside world or changes stored data: gets retries only with an idempotency key. */
  sideEffects: boolean;
  /** Default per-attempt time limit. */
  defaultTimeoutMs: number;
  run(ctx: NodeContext, config: z.output<C>, input: Json): Promise<NodeResult>;
}

export function defineNode<C extends z.ZodType>(def: NodeDefinition<C>): NodeDefinition<C> {
  return def;
}
