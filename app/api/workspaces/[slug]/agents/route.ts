import { createAgent, createAgentInput, listAgents } from "@/lib/agents";
import { withWorkspace } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";

export const GET = withWorkspace(
  async (ctx) => ({
    agents: await listAgents({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }),
  }),
  { role: "viewer" },
);

export const POST = withWorkspace(
  async (ctx) => {
    const input = await ctx.body(createAgentInput);
    const agent = await createAgent({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }, input);
    return json({ agent }, 201);
  },
  { role: "member" },
);
