import { withWorkspace } from "@/lib/http/handler";
import {
  createProviderConnection,
  createProviderConnectionInput,
  listProviderConnections,
} from "@/lib/providers";

// Responses carry the masked view only: never the key or its ciphertext.
export const GET = withWorkspace(
  async (ctx) => ({
    connections: await listProviderConnections({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }),
  }),
  { role: "viewer" },
);

export const POST = withWorkspace(
  async (ctx) => {
    const input = await ctx.body(createProviderConnectionInput);
    const connection = await createProviderConnection(
      { claims: ctx.session.claims, workspaceId: ctx.workspace.id },
      input,
    );
    return Response.json({ connection }, { status: 201 });
  },
  { role: "admin" },
);
