import { withWorkspace } from "@/lib/http/handler";
import { providerConnectionIdSchema, testProviderConnection } from "@/lib/providers";
import { parseWith } from "@/lib/validation";

// Each test is a real (tiny) call to the provider: limited so it cannot be used to hammer one.
export const POST = withWorkspace(
  async (ctx) => {
    const id = parseWith(providerConnectionIdSchema, ctx.params.id);
    return testProviderConnection({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }, id);
  },
  { role: "admin", rateLimit: { name: "provider-test", max: 20, windowSeconds: 60 } },
);
