import type { z } from "zod";
import { getAuth } from "@/lib/auth";
import { assertSignUpAllowed, signUpRulesFromEnv } from "@/lib/auth/signup-policy";
import { signUpInput } from "@/lib/auth/types";
import { env } from "@/lib/env";
import { withPublic } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { createWorkspace, workspaceNameSchema } from "@/lib/workspaces";

const body = signUpInput.extend({ workspaceName: workspaceNameSchema.optional() });
export type SignUpBody = z.infer<typeof body>;

export const POST = withPublic(
  async (ctx) => {
    const input = await ctx.body(body);
    // Before the adapter: with Supabase Auth the account would otherwise exist before we could refuse it.
    await assertSignUpAllowed(signUpRulesFromEnv(), input);
    const { user, signedIn } = await getAuth().signUp(ctx.cookies, input, ctx.meta);
    if (!signedIn) return json({ user, workspace: null, confirmEmail: true }, 201);
    const session = await getAuth().getSession(ctx.cookies);
    if (!session) return json({ user, workspace: null }, 201);
    const name = input.workspaceName ?? `${input.displayName ?? input.email.split("@")[0]}'s workspace`;
    const workspace = await createWorkspace({ claims: session.claims }, { name });
    return json({ user, workspace: { slug: workspace.slug, name: workspace.name } }, 201);
  },
  {
    rateLimit: {
      name: "sign-up",
      max: () => env().SIGN_UP_RATE_LIMIT,
      windowSeconds: 3600,
      by: "ip",
    },
  },
);
