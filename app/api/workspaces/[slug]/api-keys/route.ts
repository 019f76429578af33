import { createApiKey, createApiKeyInput, listApiKeys } from "@/lib/api-keys";
import { withWorkspace } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";

/** Never includes a secret: only its prefix and metadata. */
export const GET = withWorkspace(
  async (ctx) => ({
    keys: await listApiKeys({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }),
  }),
  { role: "admin" },
);

/** Body: { name, scopes, expiresAt? }. The answer carries the secret; this is the only time it is sent. */
export const POST = withWorkspace(
  async (ctx) => {
    const input = await ctx.body(createApiKeyInput);
    const created = await createApiKey({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }, input);
    // The secret must not linger in shared caches or the browser's HTTP cache.
    return json(created, 201, { "cache-control": "no-store" });
  },
  { role: "admin", rateLimit: { name: "api-key-create", max: 30, windowSeconds: 60 } },
);
