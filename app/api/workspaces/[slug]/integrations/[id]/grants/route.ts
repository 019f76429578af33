import { withWorkspace } from "@/lib/http/handler";
import {
  integrationGrantsInput,
  integrationIdSchema,
  listIntegrationGrants,
  setIntegrationGrants,
} from "@/lib/integrations";
import { parseWith } from "@/lib/validation";

// Which agents may call which tools of this integration.
export const GET = withWorkspace(
  async (ctx) => {
    const id = parseWith(integrationIdSchema, ctx.params.id);
    return {
      grants: await listIntegrationGrants({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }, id),
    };
  },
  { role: "admin" },
);

/** Replaces the whole set: agents left out lose this integration's tools. */
export const PUT = withWorkspace(
  async (ctx) => {
    const id = parseWith(integrationIdSchema, ctx.params.id);
    const input = await ctx.body(integrationGrantsInput);
    const scope = { claims: ctx.session.claims, workspaceId: ctx.workspace.id };
    return { grants: await setIntegrationGrants(scope, id, input) };
  },
  { role: "admin" },
);
