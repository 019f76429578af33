import { apiKeyIdSchema, renameApiKey, renameApiKeyInput, revokeApiKey } from "@/lib/api-keys";
import { withWorkspace } from "@/lib/http/handler";
import { parseWith } from "@/lib/validation";

/** Body: { name }. */
export const PATCH = withWorkspace(
  async (ctx) => {
    const id = parseWith(apiKeyIdSchema, ctx.params.id);
    const input = await ctx.body(renameApiKeyInput);
    return {
      key: await renameApiKey({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }, id, input),
    };
  },
  { role: "admin" },
);

/** Revokes (the row stays, for the list and the activity log); the key fails from its next request. */
export const DELETE = withWorkspace(
  async (ctx) => {
    const id = parseWith(apiKeyIdSchema, ctx.params.id);
    return { key: await revokeApiKey({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }, id) };
  },
  { role: "admin" },
);
