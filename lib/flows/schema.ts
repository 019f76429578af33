import { z } from "zod";
import { pgText } from "../validation";
import { type FlowGraph, flowGraphSchema, type Json } from "./graph-schema";

/**
 * Inputs of the flows domain (create, edit, publish, run, decide) and the
 * domain types the rows map to. Output shapes are in contract.ts.
 */

export const flowIdSchema = z.uuid({ message: "Not a valid flow id." });
export const runIdSchema = z.uuid({ message: "Not a valid run id." });

const name = pgText().trim().min(1, "Give the flow a name.").max(120);
const description = pgText().max(2000);

export const createFlowInput = z
  .object({
    name,
    description: description.default(""),
    /** A starting graph (e.g. a template); an empty one when absent. */
    graph: flowGraphSchema.optional(),
  })
  .strict();
export type CreateFlowInput = z.input<typeof createFlowInput>;

export const updateFlowInput = z
  .object({
    /** The revision the editor loaded: a stale one is a 409 (someone else saved since). */
    draftRevision: z.int().min(1).optional(),
    name: name.optional(),
    description: description.optional(),
    graph: flowGraphSchema.optional(),
    /** Off: webhook, schedule and event triggers are ignored (manual and API runs still work). */
    enabled: z.boolean().optional(),
  })
  .strict()
  .refine(
    (v) =>
      v.draftRevision !== undefined ||
      (v.name === undefined && v.description === undefined && v.graph === undefined),
    { path: ["draftRevision"], message: "Send the draftRevision you loaded with a draft change." },
  )
  .refine((v) => Object.keys(v).some((k) => k !== "draftRevision"), { message: "Nothing to change." });
export type UpdateFlowInput = z.input<typeof updateFlowInput>;

export const publishFlowInput = z
  .object({
    draftRevision: z
      .int()
      .min(1)
      .optional()
      .describe("Refuse (409) if the draft changed since this revision"),
  })
  .strict();

export const webhookActionInput = z
  .object({
    action: z
      .enum(["rotate_token", "set_secret", "clear_secret"])
      .describe(
        "rotate_token: a new URL (the old one stops at once); set_secret: a new HMAC secret, shown once",
      ),
  })
  .strict();

export const runStatuses = ["queued", "running", "waiting", "succeeded", "failed", "canceled"] as const;
export const runTriggers = [
  "manual",
  "webhook",
  "schedule",
  "event",
  "api",
  "mcp",
  "subflow",
  "retry",
] as const;
export const nodeStatuses = ["running", "succeeded", "failed", "skipped", "waiting"] as const;

export const listRunsQuery = z
  .object({
    flowId: flowIdSchema.optional(),
    status: z.enum(runStatuses).optional(),
    trigger: z.enum(runTriggers).optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type ListRunsQuery = z.input<typeof listRunsQuery>;

export const listFlowsQuery = z.object({ search: pgText().trim().max(120).optional() }).strict();

export const startRunInput = z
  .object({
    input: z.unknown().default({}).describe("The run's trigger input ($trigger in expressions)"),
    source: z
      .enum(["published", "draft"])
      .default("published")
      .describe("draft: a test run of the current draft (members); published: the published version"),
  })
  .strict();
export type StartRunInput = z.input<typeof startRunInput>;

export const resolveApprovalInput = z
  .object({
    decision: z.enum(["approve", "reject"]),
    payload: z.unknown().optional().describe("Sent along; becomes the approval node's output"),
    comment: pgText().max(4000).optional(),
  })
  .strict();
export type ResolveApprovalInput = z.input<typeof resolveApprovalInput>;

export const flowSettingsInput = z
  .object({
    runRetentionDays: z.int().min(1).max(365).optional().describe("Runs older than this are deleted"),
    maxConcurrentRuns: z
      .int()
      .min(1)
      .max(100)
      .optional()
      .describe("Runs executing at once; more wait queued"),
  })
  .strict()
  .refine((v) => v.runRetentionDays !== undefined || v.maxConcurrentRuns !== undefined, {
    message: "Nothing to change.",
  });

// ---- Domain types ----------------------------------------------------------

export interface FlowSummary {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  publishedVersion: number | null;
  draftRevision: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface Flow extends FlowSummary {
  draft: FlowGraph;
}

export interface FlowVersion {
  version: number;
  createdBy: string | null;
  createdAt: Date;
  graph: FlowGraph;
}

export interface FlowRun {
  id: string;
  flowId: string;
  version: number | null;
  status: (typeof runStatuses)[number];
  trigger: (typeof runTriggers)[number];
  triggerNodeId: string | null;
  input: Json;
  output: Json | null;
  error: Json | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface FlowNodeRun {
  nodeId: string;
  itemKey: string;
  status: (typeof nodeStatuses)[number];
  attempt: number;
  input: Json | null;
  output: Json | null;
  port: string | null;
  error: Json | null;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
}

export interface FlowApproval {
  runId: string;
  flowId: string;
  nodeId: string;
  status: "pending" | "approved" | "rejected" | "expired";
  requiredRole: "viewer" | "member" | "admin" | "owner";
  message: string;
  payload: Json | null;
  comment: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  expiresAt: Date | null;
  createdAt: Date;
}

export interface FlowSettings {
  runRetentionDays: number;
  maxConcurrentRuns: number;
}
