import { withSession } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { createWorkspace, createWorkspaceInput, listWorkspaces } from "@/lib/workspaces";

export const GET = withSession(async ({ session }) => ({
  workspaces: await listWorkspaces({ claims: session.claims }),
}));

export const POST = withSession(
  async (ctx) => {
    const workspace = await createWorkspace(
      { claims: ctx.session.claims },
      await ctx.body(createWorkspaceInput),
    );
    return json({ workspace }, 201);
  },
  { rateLimit: { name: "create-workspace", max: 30, windowSeconds: 3600 } },
);
