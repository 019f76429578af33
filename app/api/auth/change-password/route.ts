import { getAuth } from "@/lib/auth";
import { changePasswordInput } from "@/lib/auth/types";
import { withSession } from "@/lib/http/handler";

export const POST = withSession(
  async (ctx) => {
    await getAuth().changePassword(ctx.cookies, ctx.session, await ctx.body(changePasswordInput));
    return { ok: true };
  },
  { rateLimit: { name: "change-password", max: 10, windowSeconds: 900 } },
);
