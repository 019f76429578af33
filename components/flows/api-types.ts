/**
 * The flows REST API as the browser sees it: the contract's wire types
 * (type-only, so no server code reaches the bundle), paths and query keys.
 */
import type { FlowEdge, FlowGraph, FlowGraphInput, FlowNode, Json } from "@/lib/flows/graph-schema";

export type {
  FlowApprovalJson as FlowApproval,
  FlowJson as Flow,
  FlowRunDetailJson as FlowRunDetail,
  FlowRunJson as FlowRun,
  FlowSummaryJson as FlowSummary,
} from "@/lib/flows/contract";
export type { FlowEdge, FlowGraph, FlowGraphInput, FlowNode, Json };

import type { FlowRunDetailJson, FlowRunJson } from "@/lib/flows/contract";

export type RunStatus = FlowRunJson["status"];
export type RunTrigger = FlowRunJson["trigger"];
export type NodeResult = FlowRunDetailJson["nodes"][number];
export type NodeStatus = NodeResult["status"];

export interface FieldIssue {
  path: string;
  message: string;
}

/** GET /flow-node-types, with the config's JSON schema typed as far as the form generator reads it. */
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
