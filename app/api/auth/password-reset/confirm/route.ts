import { getAuth } from "@/lib/auth";
import { resetPasswordInput } from "@/lib/auth/types";
import { withPublic } from "@/lib/http/handler";

export const POST = withPublic(
  async (ctx) => {
    await getAuth().resetPassword(await ctx.body(resetPasswordInput));
    return { ok: true };
  },
  { rateLimit: { name: "password-reset-confirm", max: 20, windowSeconds: 3600, by: "ip" } },
);
