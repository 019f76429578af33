import { parseWith } from "@/lib/http/body";
import { withWorkspace } from "@/lib/http/handler";
import { usageQuery, usageSummary } from "@/lib/usage";

export const GET = withWorkspace(
  async (ctx) =>
    usageSummary(
      { claims: ctx.session.claims, workspaceId: ctx.workspace.id },
      parseWith(usageQuery, Object.fromEntries(ctx.searchParams)),
    ),
  { role: "viewer" },
);
