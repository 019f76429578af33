import { getAuth } from "@/lib/auth";
import { withSession } from "@/lib/http/handler";
import { listMySessions } from "@/lib/profiles";
import { type SessionListJson, serializeSession } from "@/lib/profiles/contract";

export const GET = withSession(async ({ session }): Promise<SessionListJson> => {
  // Supabase keeps its sessions in its own auth schema; only local sessions are listed here.
  if (getAuth().kind !== "local") return { sessions: [] };
  return { sessions: (await listMySessions({ claims: session.claims })).map(serializeSession) };
});
