import { auditQuery, listAuditLog } from "@/lib/audit";
import { parseWith } from "@/lib/http/body";
import { withWorkspace } from "@/lib/http/handler";

export const GET = withWorkspace(
  async (ctx) => {
    const q = parseWith(auditQuery, Object.fromEntries(ctx.searchParams));
    return listAuditLog({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }, q);
  },
  { role: "admin" },
);
