import { getAuth } from "@/lib/auth";
import { withSession } from "@/lib/http/handler";
import { listMySessions } from "@/lib/profiles";

export const GET = withSession(async ({ session }) => {
  // Supabase keeps its sessions in its own auth schema; only local sessions are listed here.
  if (getAuth().kind !== "local") return { sessions: [] };
  return { sessions: await listMySessions({ claims: session.claims }) };
});
