import { withWorkspace } from "@/lib/http/handler";
import { leaveWorkspace } from "@/lib/members";

export const POST = withWorkspace(
  async (ctx) => {
    await leaveWorkspace({ claims: ctx.session.claims, workspaceId: ctx.workspace.id });
    return { ok: true };
  },
  { role: "viewer" },
);
