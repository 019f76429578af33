import { getAuth } from "@/lib/auth";
import { signInInput } from "@/lib/auth/types";
import { withPublic } from "@/lib/http/handler";
import { listWorkspaces } from "@/lib/workspaces";

export const POST = withPublic(async (ctx) => {
  const input = await ctx.body(signInInput);
  const user = await getAuth().signIn(ctx.cookies, input, ctx.meta);
  const session = await getAuth().getSession(ctx.cookies);
  const workspaces = session ? await listWorkspaces({ claims: session.claims }) : [];
  return { user, workspaces: workspaces.map(({ slug, name, role }) => ({ slug, name, role })) };
});
