import { withSession } from "@/lib/http/handler";
import { getMe, updateProfile, updateProfileInput } from "@/lib/profiles";
import { type MeJson, serializeUser, type UserResultJson } from "@/lib/profiles/contract";
import { listWorkspaces } from "@/lib/workspaces";
import { serializeWorkspaceSummary } from "@/lib/workspaces/contract";

// Outside any workspace, so not built by webRoutes; the answers are the contract's shapes.

export const GET = withSession(async ({ session }): Promise<MeJson> => {
  const ctx = { claims: session.claims };
  const [user, workspaces] = await Promise.all([getMe(ctx), listWorkspaces(ctx)]);
  return { user: serializeUser(user), workspaces: workspaces.map(serializeWorkspaceSummary) };
});

export const PATCH = withSession(async (ctx): Promise<UserResultJson> => {
  const user = await updateProfile({ claims: ctx.session.claims }, await ctx.body(updateProfileInput));
  return { user: serializeUser(user) };
});
