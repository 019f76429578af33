import { z } from "zod";
import { isoTimestamp, nextCursor } from "../contract/json";
import { defineOperation } from "../contract/operation";
import { listMcpCalls, summarizeMcpCalls } from "./list";
import { listMcpCallsQuery, mcpDirections, mcpRanges, mcpStatuses, summarizeMcpCallsQuery } from "./schema";

/**
 * MCP activity's public contract: the calls made to the workspace's MCP
 * server (inbound) and by its agents to connected servers (outbound), and
 * their summary. The domain (list.ts) builds these JSON-ready values directly.
 */

// ---- Output shapes -------------------------------------------------------

export const mcpCallOutput = z.object({
  id: z.string().describe("bigint identity, as text"),
  createdAt: isoTimestamp,
  direction: z.enum(mcpDirections),
  transport: z.enum(["http", "stdio", "chat", "flow"]).nullable(),
  tool: z.string(),
  argBytes: z.int(),
  status: z.enum(mcpStatuses),
  errorCode: z.string().nullable(),
  latencyMs: z.int(),
  apiKey: z
    .object({ id: z.uuid(), name: z.string(), prefix: z.string() })
    .nullable()
    .describe("Inbound calls: the key used (null once the key row is gone)"),
  integrationId: z.uuid().nullable(),
  integrationName: z.string().nullable().describe("Null once the integration is deleted"),
  agentId: z.uuid().nullable(),
  conversationId: z.uuid().nullable(),
});
export type McpCallJson = z.infer<typeof mcpCallOutput>;

export const mcpCallPageOutput = z.object({ calls: z.array(mcpCallOutput), nextCursor });
export type McpCallPageJson = z.infer<typeof mcpCallPageOutput>;

export const mcpCallSummaryOutput = z.object({
  range: z.enum(mcpRanges),
  since: isoTimestamp,
  calls: z.int(),
  errors: z.int(),
  errorRate: z.number().describe("errors / calls, 0 when there were no calls"),
  p50LatencyMs: z.int().nullable(),
  p95LatencyMs: z.int().nullable(),
  tools: z.array(z.string()).describe("Distinct tools called in the range, for the tool filter"),
});
export type McpCallSummaryJson = z.infer<typeof mcpCallSummaryOutput>;

// ---- Operations ----------------------------------------------------------

export const listMcpCallsOp = defineOperation({
  id: "mcpActivity.list",
  method: "get",
  summary: "List MCP calls",
  description: "Newest first. Admins only: RLS shows nothing to anyone else.",
  query: listMcpCallsQuery,
  output: mcpCallPageOutput,
  outputDescription: "A page of calls.",
  web: { path: "/mcp-activity", role: "admin" },
  run: (scope, { query }) => listMcpCalls(scope, query),
});

export const summarizeMcpCallsOp = defineOperation({
  id: "mcpActivity.summary",
  method: "get",
  summary: "Summarize MCP calls",
  description: "Counts, error rate and latency percentiles over the last 24 hours or 7 days.",
  query: summarizeMcpCallsQuery,
  output: mcpCallSummaryOutput,
  outputDescription: "The summary.",
  web: { path: "/mcp-activity/summary", role: "admin" },
  run: (scope, { query }) => summarizeMcpCalls(scope, query),
});

export const mcpActivityOperations = [listMcpCallsOp, summarizeMcpCallsOp];
