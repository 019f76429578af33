import { withWorkspace } from "@/lib/http/handler";
import { listMembers } from "@/lib/members";

export const GET = withWorkspace(
  async (ctx) => ({
    members: await listMembers({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }),
    me: { userId: ctx.session.user.id, role: ctx.role },
  }),
  { role: "viewer" },
);
