import { withWorkspace } from "@/lib/http/handler";
import { listAvailableModels } from "@/lib/providers";

/** The choices for an agent's model: instance providers, this workspace's connections, offline. */
export const GET = withWorkspace(
  async (ctx) => ({
    models: await listAvailableModels({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }),
  }),
  { role: "viewer" },
);
