import { getAuth } from "@/lib/auth";
import { withPublic } from "@/lib/http/handler";

export const POST = withPublic(async (ctx) => {
  await getAuth().signOut(ctx.cookies);
  return { ok: true };
});
