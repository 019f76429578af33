import { withWorkspace } from "@/lib/http/handler";
import {
  deleteProviderConnection,
  providerConnectionIdSchema,
  updateProviderConnection,
  updateProviderConnectionInput,
} from "@/lib/providers";
import { parseWith } from "@/lib/validation";

export const PATCH = withWorkspace(
  async (ctx) => {
    const id = parseWith(providerConnectionIdSchema, ctx.params.id);
    const input = await ctx.body(updateProviderConnectionInput);
    const connection = await updateProviderConnection(
      { claims: ctx.session.claims, workspaceId: ctx.workspace.id },
      id,
      input,
    );
    return { connection };
  },
  { role: "admin" },
);

export const DELETE = withWorkspace(
  async (ctx) => {
    const id = parseWith(providerConnectionIdSchema, ctx.params.id);
    await deleteProviderConnection({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }, id);
    return { ok: true };
  },
  { role: "admin" },
);
