import { withWorkspace } from "@/lib/http/handler";
import { changeMemberRole, changeRoleInput, removeMember, userIdSchema } from "@/lib/members";
import { parseWith } from "@/lib/validation";

export const PATCH = withWorkspace(
  async (ctx) => {
    const userId = parseWith(userIdSchema, ctx.params.userId);
    const input = await ctx.body(changeRoleInput);
    const member = await changeMemberRole(
      { claims: ctx.session.claims, workspaceId: ctx.workspace.id },
      userId,
      input,
    );
    return { member };
  },
  { role: "admin" },
);

export const DELETE = withWorkspace(
  async (ctx) => {
    const userId = parseWith(userIdSchema, ctx.params.userId);
    await removeMember({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }, userId);
    return { ok: true };
  },
  // Everyone may remove themselves (leave); removing others is decided by RLS (admin+).
  { role: "viewer" },
);
