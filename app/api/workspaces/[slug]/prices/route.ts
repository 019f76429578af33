import { z } from "zod";
import { withWorkspace } from "@/lib/http/handler";
import { deletePriceOverride, listPrices, upsertPrice, upsertPriceInput } from "@/lib/providers";
import { parseWith } from "@/lib/validation";

const scope = (ctx: {
  session: { claims: Parameters<typeof listPrices>[0]["claims"] };
  workspace: { id: string };
}) => ({
  claims: ctx.session.claims,
  workspaceId: ctx.workspace.id,
});

export const GET = withWorkspace(async (ctx) => ({ prices: await listPrices(scope(ctx)) }), {
  role: "viewer",
});

export const PUT = withWorkspace(
  async (ctx) => ({ price: await upsertPrice(scope(ctx), await ctx.body(upsertPriceInput)) }),
  {
    role: "admin",
  },
);

const deleteQuery = z.object({ provider: z.string().min(1).max(40), model: z.string().min(1).max(200) });

export const DELETE = withWorkspace(
  async (ctx) => {
    const q = parseWith(deleteQuery, Object.fromEntries(ctx.searchParams));
    await deletePriceOverride(scope(ctx), q.provider, q.model);
    return { ok: true };
  },
  { role: "admin" },
);
