import { withWorkspace } from "@/lib/http/handler";
import {
  deleteWorkspace,
  deleteWorkspaceInput,
  updateWorkspace,
  updateWorkspaceInput,
} from "@/lib/workspaces";

export const GET = withWorkspace(async ({ workspace, role }) => ({ workspace, role }), { role: "viewer" });

export const PATCH = withWorkspace(
  async (ctx) => {
    const input = await ctx.body(updateWorkspaceInput);
    const workspace = await updateWorkspace(
      { claims: ctx.session.claims, workspaceId: ctx.workspace.id },
      input,
    );
    return { workspace };
  },
  { role: "admin" },
);

export const DELETE = withWorkspace(
  async (ctx) => {
    const { confirm } = await ctx.body(deleteWorkspaceInput);
    await deleteWorkspace(
      { claims: ctx.session.claims, workspaceId: ctx.workspace.id, slug: ctx.workspace.slug },
      confirm,
    );
    return { ok: true };
  },
  { role: "owner" },
);
