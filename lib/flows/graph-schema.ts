import { z } from "zod";

/**
 * A flow's graph as stored (flows.draft, flow_versions.graph) and sent on
 * every surface: nodes with typed config, and edges from a node's named
 * output handle to another node's named input handle. This file is the shape
 * only; what a graph must satisfy beyond it (known node types, valid config,
 * no cycles, no dangling edges, expressions naming earlier nodes) is
 * `validateGraph` in graph-validation.ts.
 */

export const MAX_NODES = 200;
export const MAX_EDGES = 1000;

/** Stable ids chosen by the editor; safe in URLs, logs and job payloads. */
export const nodeIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Use 1–64 letters, digits, '-' or '_'");

/** A handle on a node: 'in', 'out', 'true', 'false', a switch case's name, … */
export const handleSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Use 1–64 letters, digits, '-' or '_'");

export const retryPolicySchema = z.object({
  /** Attempts in all, the first included. */
  maxAttempts: z.int().min(1).max(10).default(1),
  /** Delay before the 2nd attempt; doubles after each failure (capped at an hour). */
  backoffMs: z.int().min(0).max(3_600_000).default(1000),
});
export type RetryPolicy = z.infer<typeof retryPolicySchema>;

export const flowNodeSchema = z.object({
  id: nodeIdSchema,
  /** A registered node type (lib/flows/nodes/registry.ts), e.g. 'http_request'. */
  type: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, "Unknown node type"),
  /** Unique within the graph; expressions name nodes by it: {{ $node["Lookup"].output.email }}. */
  name: z
    .string()
    .trim()
    .min(1)
    .max(80)
    .refine(
      (s) => !/["\\\][{}]/.test(s),
      "A node name cannot contain quotes, backslashes, brackets or braces",
    ),
  /** Checked against the node type's config schema by validateGraph. */
  config: z.record(z.string(), z.unknown()).default({}),
  position: z.object({ x: z.number().finite(), y: z.number().finite() }).default({ x: 0, y: 0 }),
  retry: retryPolicySchema.optional(),
  /** Per-attempt time limit; the node type's default when absent. */
  timeoutMs: z.int().min(100).max(86_400_000).optional(),
  /** A disabled node passes its input through unchanged. */
  disabled: z.boolean().default(false),
  notes: z.string().max(2000).optional(),
});
export type FlowNode = z.infer<typeof flowNodeSchema>;

export const flowEdgeSchema = z.object({
  id: z.string().min(1).max(160),
  source: nodeIdSchema,
  sourceHandle: handleSchema.default("out"),
  target: nodeIdSchema,
  targetHandle: handleSchema.default("in"),
});
export type FlowEdge = z.infer<typeof flowEdgeSchema>;

export const flowGraphSettingsSchema = z.object({
  /** Whole-run time limit (waits and approvals excluded). */
  runTimeoutMs: z.int().min(1000).max(86_400_000).default(300_000),
});

export const flowGraphSchema = z.object({
  nodes: z.array(flowNodeSchema).max(MAX_NODES, `A flow has at most ${MAX_NODES} nodes`),
  edges: z.array(flowEdgeSchema).max(MAX_EDGES, `A flow has at most ${MAX_EDGES} edges`),
  settings: flowGraphSettingsSchema.default({ runTimeoutMs: 300_000 }),
});
export type FlowGraph = z.infer<typeof flowGraphSchema>;
export type FlowGraphInput = z.input<typeof flowGraphSchema>;

/** JSON as it moves between nodes. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
