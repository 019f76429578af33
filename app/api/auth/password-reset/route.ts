import { z } from "zod";
import { getAuth } from "@/lib/auth";
import { emailSchema } from "@/lib/auth/types";
import { withPublic } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";

const body = z.object({ email: emailSchema });

export const POST = withPublic(
  async (ctx) => {
    const { email } = await ctx.body(body);
    await getAuth().requestPasswordReset(email, ctx.meta);
    // Same answer whether or not the account exists.
    return json({ ok: true }, 202);
  },
  { rateLimit: { name: "password-reset", max: 10, windowSeconds: 3600, by: "ip" } },
);
