import { agentIdSchema, deleteAgent, getAgent, updateAgent, updateAgentInput } from "@/lib/agents";
import { withWorkspace } from "@/lib/http/handler";
import { parseWith } from "@/lib/validation";

export const GET = withWorkspace(
  async (ctx) => {
    const id = parseWith(agentIdSchema, ctx.params.id);
    return { agent: await getAgent({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }, id) };
  },
  { role: "viewer" },
);

/** Answers the saved agent and whether this save created a new version. */
export const PATCH = withWorkspace(
  async (ctx) => {
    const id = parseWith(agentIdSchema, ctx.params.id);
    const patch = await ctx.body(updateAgentInput);
    return updateAgent({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }, id, patch);
  },
  { role: "member" },
);

export const DELETE = withWorkspace(
  async (ctx) => {
    const id = parseWith(agentIdSchema, ctx.params.id);
    await deleteAgent({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }, id);
    return { ok: true };
  },
  { role: "admin" },
);
