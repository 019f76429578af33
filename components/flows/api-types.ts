/**
 * The flows REST API as the browser sees it (FLOWS-SPEC "REST and MCP").
 * One file, so switching to core's contract types later touches only this.
 */
import type { FlowEdge, FlowGraph, FlowGraphInput, FlowNode, Json } from "@/lib/flows/graph-schema";

export type { FlowEdge, FlowGraph, FlowGraphInput, FlowNode, Json };

export type RunStatus = "queued" | "running" | "waiting" | "succeeded" | "failed" | "canceled";
export type NodeStatus = "running" | "succeeded" | "failed" | "skipped" | "waiting";
export type RunTrigger = "manual" | "webhook" | "schedule" | "event" | "api" | "mcp" | "subflow" | "retry";

export interface FlowSummary {
  id: string;
  name: string;
  description: string;
  draftRevision: number;
  publishedVersion: number | null;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Flow extends FlowSummary {
  draft: FlowGraph;
}

export interface FieldIssue {
  path: string;
  message: string;
}

export interface NodeTypeInfo {
  type: string;
  label: string;
  category: string;
  description: string;
  inputs: string[];
  sideEffects: boolean;
  configSchema: JsonSchema;
}

export interface JsonSchema {
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
  widget?: "textarea" | "code" | "json" | "expression";
  minimum?: number;
  maximum?: number;
}

export interface FlowRun {
  id: string;
  flowId: string;
  flowName?: string;
  version: number | null;
  status: RunStatus;
  trigger: RunTrigger;
  input: Json;
  output: Json | null;
  error: Json | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface NodeResult {
  nodeId: string;
  itemKey: string;
  status: NodeStatus;
  attempt: number;
  input: Json | null;
  output: Json | null;
  port: string | null;
  error: Json | null;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
}

export interface FlowApproval {
  nodeId: string;
  status: "pending" | "approved" | "rejected" | "expired";
  message: string;
  requiredRole: string;
  expiresAt: string | null;
}

export interface FlowRunDetail extends FlowRun {
  graph?: FlowGraph | null;
  nodes: NodeResult[];
  approvals?: FlowApproval[];
}

export const flowsPath = (slug: string) => `/api/workspaces/${encodeURIComponent(slug)}/flows`;
export const flowPath = (slug: string, id: string) => `${flowsPath(slug)}/${encodeURIComponent(id)}`;
export const flowRunsPath = (slug: string) => `/api/workspaces/${encodeURIComponent(slug)}/flow-runs`;
export const flowRunPath = (slug: string, id: string) => `${flowRunsPath(slug)}/${encodeURIComponent(id)}`;
export const nodeTypesPath = (slug: string) => `/api/workspaces/${encodeURIComponent(slug)}/flow-node-types`;

export const flowKeys = {
  all: (slug: string) => ["flows", slug] as const,
  one: (slug: string, id: string) => ["flows", slug, id] as const,
  nodeTypes: (slug: string) => ["flow-node-types", slug] as const,
  runs: (slug: string, filters: Record<string, string>) => ["flow-runs", slug, filters] as const,
  run: (slug: string, id: string) => ["flow-run", slug, id] as const,
};
