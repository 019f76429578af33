import { withWorkspace } from "@/lib/http/handler";
import { agentGrantsInput, agentIdParamSchema, listAgentGrants, setAgentGrants } from "@/lib/integrations";
import { parseWith } from "@/lib/validation";

// The same grants seen from one agent: which integration tools it may call.
export const GET = withWorkspace(
  async (ctx) => {
    const agentId = parseWith(agentIdParamSchema, ctx.params.agentId);
    return {
      grants: await listAgentGrants({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }, agentId),
    };
  },
  { role: "admin" },
);

/** Replaces the whole set: integrations left out are no longer callable by this agent. */
export const PUT = withWorkspace(
  async (ctx) => {
    const agentId = parseWith(agentIdParamSchema, ctx.params.agentId);
    const input = await ctx.body(agentGrantsInput);
    const scope = { claims: ctx.session.claims, workspaceId: ctx.workspace.id };
    return { grants: await setAgentGrants(scope, agentId, input) };
  },
  { role: "admin" },
);
