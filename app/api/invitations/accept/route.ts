import { withSession } from "@/lib/http/handler";
import { acceptInvitation, acceptInvitationInput } from "@/lib/invitations";

export const POST = withSession(
  async (ctx) => {
    const { token } = await ctx.body(acceptInvitationInput);
    return { workspace: await acceptInvitation({ claims: ctx.session.claims }, token) };
  },
  { rateLimit: { name: "accept-invite", max: 30, windowSeconds: 3600 } },
);
