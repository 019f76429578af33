import { withWorkspace } from "@/lib/http/handler";
import { summarizeMcpCalls, summarizeMcpCallsQuery } from "@/lib/mcp-activity";
import { parseWith } from "@/lib/validation";

/** ?range=24h|7d plus the list's direction/apiKeyId/tool filters. */
export const GET = withWorkspace(
  async (ctx) => {
    const q = parseWith(summarizeMcpCallsQuery, Object.fromEntries(ctx.searchParams));
    return summarizeMcpCalls({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }, q);
  },
  { role: "admin" },
);
