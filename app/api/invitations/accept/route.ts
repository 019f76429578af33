import { withSession } from "@/lib/http/handler";
import { acceptInvitation, acceptInvitationInput } from "@/lib/invitations";
import { serializeAcceptedInvitation } from "@/lib/invitations/contract";

// The caller is not a member yet, so this is outside webRoutes; the answer is the contract's shape.
export const POST = withSession(
  async (ctx) => {
    const { token } = await ctx.body(acceptInvitationInput);
    return serializeAcceptedInvitation(await acceptInvitation({ claims: ctx.session.claims }, token));
  },
  { rateLimit: { name: "accept-invite", max: 30, windowSeconds: 3600 } },
);
