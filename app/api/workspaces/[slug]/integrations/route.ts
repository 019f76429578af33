import { withWorkspace } from "@/lib/http/handler";
import { createIntegration, createIntegrationInput, listIntegrations } from "@/lib/integrations";

// Responses carry the masked view only: never the secret or its ciphertext.
export const GET = withWorkspace(
  async (ctx) => ({
    integrations: await listIntegrations({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }),
  }),
  { role: "admin" },
);

// Creating connects to the server to read its tools: limited like a refresh.
export const POST = withWorkspace(
  async (ctx) => {
    const input = await ctx.body(createIntegrationInput);
    const integration = await createIntegration(
      { claims: ctx.session.claims, workspaceId: ctx.workspace.id },
      input,
    );
    return Response.json({ integration }, { status: 201 });
  },
  { role: "admin", rateLimit: { name: "integration-connect", max: 30, windowSeconds: 60 } },
);
