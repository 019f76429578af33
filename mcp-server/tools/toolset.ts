import { z } from "zod";
import { defineTool, type Tool } from "../registry";
import { createAgentTool, getAgentTool, listAgentsTool, updateAgentTool } from "./agents";
import { getBillingTool } from "./billing";
import { createCartTool, getCartTool, getProductTool, listProductsTool, updateCartItemTool } from "./catalog";
import {
  handBackConversationTool,
  listInboxesTool,
  replyToConversationTool,
  takeOverConversationTool,
} from "./channels";
import { chatSend } from "./chat";
import { listConversationsTool, listMessagesTool, searchConversationsTool } from "./conversations";
import {
  getFlowRunTool,
  listFlowRunsTool,
  listFlowsTool,
  resolveFlowApprovalTool,
  runFlowTool,
} from "./flows";
import { getUsageSummaryTool } from "./usage";
import { getWorkspaceTool } from "./workspace";

/** Every tool, in the order tools/list shows them. */
export const TOOLS: readonly Tool[] = [
  getWorkspaceTool,
  listAgentsTool,
  getAgentTool,
  createAgentTool,
  updateAgentTool,
  chatSend,
  listConversationsTool,
  listMessagesTool,
  searchConversationsTool,
  listInboxesTool,
  takeOverConversationTool,
  handBackConversationTool,
  replyToConversationTool,
  getUsageSummaryTool,
  getBillingTool,
  listProductsTool,
  getProductTool,
  createCartTool,
  getCartTool,
  updateCartItemTool,
  listFlowsTool,
  runFlowTool,
  getFlowRunTool,
  listFlowRunsTool,
  resolveFlowApprovalTool,
];

/**
 * A tool that does nothing, for the benchmark's baseline: the same server,
 * auth, rate limit and transport as a real tool, minus the tool's own work.
 * Only registered when the server is built with `benchNoop`.
 */
export const noopTool = defineTool({
  name: "noop",
  title: "No-op (benchmark)",
  description: "Does nothing. Present only when the server runs with MCP_BENCH_NOOP=1.",
  group: null,
  access: "read",
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.strictObject({}),
  output: z.object({ ok: z.literal(true) }),
  untrusted: false,
  async run() {
    return { ok: true as const };
  },
});

export function toolset(opts: { benchNoop?: boolean } = {}): readonly Tool[] {
  return opts.benchNoop ? [...TOOLS, noopTool] : TOOLS;
}
