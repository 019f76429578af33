import { env } from "@/lib/env";
import { withWorkspace } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { createInvitation, createInvitationInput, listInvitations } from "@/lib/invitations";
import { mailer } from "@/lib/mail";

export const GET = withWorkspace(
  async (ctx) => ({
    invitations: await listInvitations({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }),
  }),
  { role: "admin" },
);

export const POST = withWorkspace(
  async (ctx) => {
    const input = await ctx.body(createInvitationInput);
    const result = await createInvitation(
      {
        claims: ctx.session.claims,
        workspaceId: ctx.workspace.id,
        workspaceName: ctx.workspace.name,
        appUrl: env().APP_URL,
        sendMail: mailer(),
      },
      input,
    );
    return json(result, 201);
  },
  { role: "admin", rateLimit: { name: "invite", max: 50, windowSeconds: 3600 } },
);
