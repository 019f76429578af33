import { sql } from "kysely";
import { getDb } from "../db/client";
import { queryAsUser } from "../db/rls";
import type { WorkspaceScope } from "../workspaces";

/** USD per million tokens. */
export interface ModelPrice {
  provider: string;
  modelId: string;
  inputPerMillion: number;
  outputPerMillion: number;
  source: "workspace" | "default" | "none";
}

/**
 * The price of a model for this workspace: its own row wins over the
 * instance-wide (null workspace) row; an unpriced model costs nothing rather
 * than failing the chat.
 */
export async function priceFor(ctx: WorkspaceScope, provider: string, modelId: string): Promise<ModelPrice> {
  const [row] = await queryAsUser<{
    workspace_id: string | null;
    input_per_million: string;
    output_per_million: string;
  }>(
    ctx.claims,
    getDb()
      .selectFrom("model_prices")
      .select(["workspace_id", "input_per_million", "output_per_million"])
      .where("provider", "=", provider)
      .where("model", "=", modelId)
      // Explicitly this workspace or the default: a member of several workspaces sees all their rows.
      .where((eb) => eb.or([eb("workspace_id", "=", ctx.workspaceId), eb("workspace_id", "is", null)]))
      .orderBy(sql`workspace_id is null`)
      .limit(1)
      .compile(),
  );
  if (!row) return { provider, modelId, inputPerMillion: 0, outputPerMillion: 0, source: "none" };
  return {
    provider,
    modelId,
    inputPerMillion: Number(row.input_per_million),
    outputPerMillion: Number(row.output_per_million),
    source: row.workspace_id ? "workspace" : "default",
  };
}

/** USD, rounded to the 6 decimals messages.cost stores. */
export function costOf(
  price: Pick<ModelPrice, "inputPerMillion" | "outputPerMillion">,
  inputTokens: number,
  outputTokens: number,
): number {
  const usd = (inputTokens * price.inputPerMillion + outputTokens * price.outputPerMillion) / 1_000_000;
  return Math.round(usd * 1_000_000) / 1_000_000;
}
