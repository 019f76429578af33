import { withWorkspace } from "@/lib/http/handler";
import { listMcpCalls, listMcpCallsQuery } from "@/lib/mcp-activity";
import { parseWith } from "@/lib/validation";

/** ?direction=inbound|outbound&status=ok|error&apiKeyId=&tool=&cursor=&limit= — newest first. */
export const GET = withWorkspace(
  async (ctx) => {
    const q = parseWith(listMcpCallsQuery, Object.fromEntries(ctx.searchParams));
    return listMcpCalls({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }, q);
  },
  { role: "admin" },
);
