import { withWorkspace } from "@/lib/http/handler";
import { integrationIdSchema, refreshIntegrationTools } from "@/lib/integrations";
import { parseWith } from "@/lib/validation";

// Each refresh is a real connection to the server: limited so it cannot be used to hammer one.
// A server that cannot be reached is a 200 with ok: false and the reason, like a provider test.
export const POST = withWorkspace(
  async (ctx) => {
    const id = parseWith(integrationIdSchema, ctx.params.id);
    return refreshIntegrationTools({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }, id);
  },
  { role: "admin", rateLimit: { name: "integration-connect", max: 30, windowSeconds: 60 } },
);
