import { auditQuery, listAuditLog } from "@/lib/audit";
import { withWorkspace } from "@/lib/http/handler";
import { parseWith } from "@/lib/validation";

export const GET = withWorkspace(
  async (ctx) => {
    const q = parseWith(auditQuery, Object.fromEntries(ctx.searchParams));
    return listAuditLog({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }, q);
  },
  { role: "admin" },
);
