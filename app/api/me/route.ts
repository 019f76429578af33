import { withSession } from "@/lib/http/handler";
import { getMe, updateProfile, updateProfileInput } from "@/lib/profiles";
import { listWorkspaces } from "@/lib/workspaces";

export const GET = withSession(async ({ session }) => {
  const ctx = { claims: session.claims };
  const [user, workspaces] = await Promise.all([getMe(ctx), listWorkspaces(ctx)]);
  return { user, workspaces };
});

export const PATCH = withSession(async (ctx) => {
  const user = await updateProfile({ claims: ctx.session.claims }, await ctx.body(updateProfileInput));
  return { user };
});
