import { withWorkspace } from "@/lib/http/handler";
import { usageQuery, usageSummary } from "@/lib/usage";
import { parseWith } from "@/lib/validation";

export const GET = withWorkspace(
  async (ctx) =>
    usageSummary(
      { claims: ctx.session.claims, workspaceId: ctx.workspace.id },
      parseWith(usageQuery, Object.fromEntries(ctx.searchParams)),
    ),
  { role: "viewer" },
);
