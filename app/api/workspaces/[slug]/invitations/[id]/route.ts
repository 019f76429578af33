import { z } from "zod";
import { withWorkspace } from "@/lib/http/handler";
import { revokeInvitation } from "@/lib/invitations";
import { parseWith } from "@/lib/validation";

export const DELETE = withWorkspace(
  async (ctx) => {
    const id = parseWith(z.uuid({ message: "Not a valid invitation id." }), ctx.params.id);
    await revokeInvitation({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }, id);
    return { ok: true };
  },
  { role: "admin" },
);
