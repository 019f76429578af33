import { sql } from "kysely";
import { z } from "zod";
import { runAsUser } from "../db/rls";
import type { WorkspaceScope } from "../workspaces";
import { usageByChannel } from "./by-channel";
import { addHistograms, histogramQuantile } from "./histogram";

/** The dashboard's ranges, in days. */
export const usageDays = z.union([z.literal(7), z.literal(30), z.literal(90)]);

export const usageQuery = z.object({
  days: z.coerce.number().pipe(usageDays).default(30),
});
export type UsageQuery = z.infer<typeof usageQuery>;

export interface UsageDay {
  day: string;
  messages: number;
  assistantMessages: number;
  inputTokens: number;
  outputTokens: number;
  cost: number;
  errors: number;
  ttftP50: number | null;
  ttftP95: number | null;
}

/**
 * The overview dashboard's figures, read only from usage_daily (kept by
 * trigger), never by scanning messages. Days with no traffic are filled in.
 */
export async function usageSummary(ctx: WorkspaceScope, q: UsageQuery) {
  const { days } = q;
  return runAsUser(ctx.claims, async (tx) => {
    const since = sql<Date>`(current_date - ${days - 1}::int)`;
    const rows = await tx
      .selectFrom("usage_daily as u")
      .select([
        "u.day",
        "u.agent_id",
        "u.inbox_id",
        "u.messages",
        "u.assistant_messages",
        "u.input_tokens",
        "u.output_tokens",
        "u.cost",
        "u.errors",
        "u.ttft_histogram",
      ])
      .where("u.workspace_id", "=", ctx.workspaceId)
      .where("u.day", ">=", since)
      .execute();
    const agents = await tx
      .selectFrom("agents")
      .select(["id", "name"])
      .where("workspace_id", "=", ctx.workspaceId)
      .execute();
    const names = new Map(agents.map((a) => [a.id, a.name]));
    const inboxes = await tx
      .selectFrom("inboxes")
      .select(["id", "name", "channel"])
      .where("workspace_id", "=", ctx.workspaceId)
      .execute();

    const byDay = new Map<string, UsageDay & { hist: number[] }>();
    for (let i = days - 1; i >= 0; i--) {
      const d = new Date(Date.now() - i * 86_400_000).toISOString().slice(0, 10);
      byDay.set(d, {
        day: d,
        messages: 0,
        assistantMessages: 0,
        inputTokens: 0,
        outputTokens: 0,
        cost: 0,
        errors: 0,
        ttftP50: null,
        ttftP95: null,
        hist: [],
      });
    }
    const byAgent = new Map<
      string,
      { agentId: string | null; name: string; messages: number; tokens: number; cost: number; errors: number }
    >();
    let hist: number[] = [];
    let assistantMessages = 0;
    for (const r of rows) {
      const day = r.day instanceof Date ? r.day.toISOString().slice(0, 10) : String(r.day);
      const d = byDay.get(day);
      const tokensIn = Number(r.input_tokens);
      const tokensOut = Number(r.output_tokens);
      const cost = Number(r.cost);
      assistantMessages += r.assistant_messages;
      if (d) {
        d.messages += r.messages;
        d.assistantMessages += r.assistant_messages;
        d.inputTokens += tokensIn;
        d.outputTokens += tokensOut;
        d.cost += cost;
        d.errors += r.errors;
        d.hist = addHistograms(d.hist, r.ttft_histogram);
      }
      hist = addHistograms(hist, r.ttft_histogram);
      const key = r.agent_id ?? "none";
      const a = byAgent.get(key) ?? {
        agentId: r.agent_id,
        name: r.agent_id ? (names.get(r.agent_id) ?? "Deleted agent") : "No agent",
        messages: 0,
        tokens: 0,
        cost: 0,
        errors: 0,
      };
      a.messages += r.messages;
      a.tokens += tokensIn + tokensOut;
      a.cost += cost;
      a.errors += r.errors;
      byAgent.set(key, a);
    }
    const daily = [...byDay.values()].map(({ hist: h, ...d }) => ({
      ...d,
      cost: round(d.cost),
      ttftP50: histogramQuantile(h, 0.5),
      ttftP95: histogramQuantile(h, 0.95),
    }));
    const totals = daily.reduce(
      (t, d) => ({
        messages: t.messages + d.messages,
        inputTokens: t.inputTokens + d.inputTokens,
        outputTokens: t.outputTokens + d.outputTokens,
        cost: round(t.cost + d.cost),
        errors: t.errors + d.errors,
      }),
      { messages: 0, inputTokens: 0, outputTokens: 0, cost: 0, errors: 0 },
    );
    return {
      days,
      totals: { ...totals, errorRate: assistantMessages ? round(totals.errors / assistantMessages) : 0 },
      ttft: { p50: histogramQuantile(hist, 0.5), p95: histogramQuantile(hist, 0.95) },
      daily,
      agents: [...byAgent.values()]
        .map((a) => ({ ...a, cost: round(a.cost) }))
        .sort((x, y) => y.messages - x.messages),
      channels: usageByChannel(rows, inboxes),
    };
  });
}

export type UsageSummary = Awaited<ReturnType<typeof usageSummary>>;

const round = (v: number) => Math.round(v * 1_000_000) / 1_000_000;
