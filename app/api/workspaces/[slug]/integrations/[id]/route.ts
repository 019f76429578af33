import { withWorkspace } from "@/lib/http/handler";
import {
  deleteIntegration,
  getIntegration,
  integrationIdSchema,
  updateIntegration,
  updateIntegrationInput,
} from "@/lib/integrations";
import { parseWith } from "@/lib/validation";

export const GET = withWorkspace(
  async (ctx) => {
    const id = parseWith(integrationIdSchema, ctx.params.id);
    return {
      integration: await getIntegration({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }, id),
    };
  },
  { role: "admin" },
);

// A change of URL or credentials reconnects to re-read the tools.
export const PATCH = withWorkspace(
  async (ctx) => {
    const id = parseWith(integrationIdSchema, ctx.params.id);
    const input = await ctx.body(updateIntegrationInput);
    const integration = await updateIntegration(
      { claims: ctx.session.claims, workspaceId: ctx.workspace.id },
      id,
      input,
    );
    return { integration };
  },
  { role: "admin", rateLimit: { name: "integration-connect", max: 30, windowSeconds: 60 } },
);

export const DELETE = withWorkspace(
  async (ctx) => {
    const id = parseWith(integrationIdSchema, ctx.params.id);
    await deleteIntegration({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }, id);
    return { ok: true };
  },
  { role: "admin" },
);
