import { agentIdSchema, listAgentVersions } from "@/lib/agents";
import { withWorkspace } from "@/lib/http/handler";
import { parseWith } from "@/lib/validation";

export const GET = withWorkspace(
  async (ctx) => {
    const id = parseWith(agentIdSchema, ctx.params.id);
    const scope = { claims: ctx.session.claims, workspaceId: ctx.workspace.id };
    return { versions: await listAgentVersions(scope, id) };
  },
  { role: "viewer" },
);
