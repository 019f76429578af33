import { withSession } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { createWorkspace, createWorkspaceInput, listWorkspaces } from "@/lib/workspaces";
import {
  type CreatedWorkspaceJson,
  serializeWorkspaceSummary,
  type WorkspaceListJson,
} from "@/lib/workspaces/contract";

// Outside any workspace, so not built by webRoutes; the answers are the contract's shapes.

export const GET = withSession(
  async ({ session }): Promise<WorkspaceListJson> => ({
    workspaces: (await listWorkspaces({ claims: session.claims })).map(serializeWorkspaceSummary),
  }),
);

export const POST = withSession(
  async (ctx) => {
    const workspace = await createWorkspace(
      { claims: ctx.session.claims },
      await ctx.body(createWorkspaceInput),
    );
    const body: CreatedWorkspaceJson = { workspace: serializeWorkspaceSummary(workspace) };
    return json(body, 201);
  },
  { rateLimit: { name: "create-workspace", max: 30, windowSeconds: 3600 } },
);
