import { sql } from "kysely";
import { z } from "zod";
import { runAsUser } from "../db/rls";
import { AppError } from "../errors";
import type { WorkspaceScope } from "../workspaces";

export const upsertPriceInput = z.object({
  provider: z.string().trim().min(1).max(40),
  model: z.string().trim().min(1).max(200),
  inputPerMillion: z.number().min(0).max(100_000),
  outputPerMillion: z.number().min(0).max(100_000),
});
export type UpsertPriceInput = z.infer<typeof upsertPriceInput>;

export interface PriceRow {
  provider: string;
  model: string;
  inputPerMillion: number;
  outputPerMillion: number;
  /** "workspace" rows override the instance-wide "default" rows. */
  source: "workspace" | "default";
  updatedAt: Date;
}

/** The effective table: every default, replaced by this workspace's override where one exists. */
export async function listPrices(ctx: WorkspaceScope): Promise<PriceRow[]> {
  const rows = await runAsUser(ctx.claims, (tx) =>
    tx
      .selectFrom("model_prices")
      .select(["workspace_id", "provider", "model", "input_per_million", "output_per_million", "updated_at"])
      .where((eb) => eb.or([eb("workspace_id", "=", ctx.workspaceId), eb("workspace_id", "is", null)]))
      .orderBy("provider")
      .orderBy("model")
      .orderBy(sql`workspace_id is null`)
      .execute(),
  );
  const seen = new Set<string>();
  const out: PriceRow[] = [];
  for (const r of rows) {
    const key = `${r.provider}\u0000${r.model}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      provider: r.provider,
      model: r.model,
      inputPerMillion: Number(r.input_per_million),
      outputPerMillion: Number(r.output_per_million),
      source: r.workspace_id ? "workspace" : "default",
      updatedAt: r.updated_at,
    });
  }
  return out;
}

/** Sets this workspace's price for a model (admin+, enforced by RLS). */
export async function upsertPrice(ctx: WorkspaceScope, input: UpsertPriceInput): Promise<PriceRow> {
  const row = await runAsUser(ctx.claims, async (tx) => {
    const updated = await tx
      .updateTable("model_prices")
      .set({
        input_per_million: String(input.inputPerMillion),
        output_per_million: String(input.outputPerMillion),
      })
      .where("workspace_id", "=", ctx.workspaceId)
      .where("provider", "=", input.provider)
      .where("model", "=", input.model)
      .returning(["updated_at"])
      .executeTakeFirst();
    if (updated) return updated;
    return tx
      .insertInto("model_prices")
      .values({
        workspace_id: ctx.workspaceId,
        provider: input.provider,
        model: input.model,
        input_per_million: String(input.inputPerMillion),
        output_per_million: String(input.outputPerMillion),
      })
      .returning(["updated_at"])
      .executeTakeFirstOrThrow();
  });
  return { ...input, source: "workspace", updatedAt: row.updated_at };
}

/** Removes the override, so the instance default applies again. */
export async function deletePriceOverride(
  ctx: WorkspaceScope,
  provider: string,
  model: string,
): Promise<void> {
  const res = await runAsUser(ctx.claims, (tx) =>
    tx
      .deleteFrom("model_prices")
      .where("workspace_id", "=", ctx.workspaceId)
      .where("provider", "=", provider)
      .where("model", "=", model)
      .executeTakeFirst(),
  );
  if (Number(res.numDeletedRows) === 0)
    throw new AppError("not_found", "This workspace has no price override for that model.");
}
