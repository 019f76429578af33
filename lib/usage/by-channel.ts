import type { ChannelKind } from "../db/types";

/** One inbox's share of the period: its channel, messages, tokens, cost and failed replies. */
export interface ChannelUsage {
  inboxId: string | null;
  channel: ChannelKind | null;
  name: string;
  messages: number;
  tokens: number;
  cost: number;
  errors: number;
}

interface Row {
  inbox_id: string | null;
  messages: number;
  input_tokens: number | string | bigint;
  output_tokens: number | string | bigint;
  cost: number | string;
  errors: number;
}

const round = (v: number) => Math.round(v * 1_000_000) / 1_000_000;

/** usage_daily rows summed per inbox (each inbox is one channel), most messages first. */
export function usageByChannel(
  rows: Row[],
  inboxes: { id: string; name: string; channel: ChannelKind }[],
): ChannelUsage[] {
  const known = new Map(inboxes.map((i) => [i.id, i]));
  const out = new Map<string, ChannelUsage>();
  for (const r of rows) {
    const key = r.inbox_id ?? "none";
    const inbox = r.inbox_id ? known.get(r.inbox_id) : undefined;
    const u = out.get(key) ?? {
      inboxId: r.inbox_id,
      channel: inbox?.channel ?? null,
      name: inbox?.name ?? (r.inbox_id ? "Deleted channel" : "No channel"),
      messages: 0,
      tokens: 0,
      cost: 0,
      errors: 0,
    };
    u.messages += r.messages;
    u.tokens += Number(r.input_tokens) + Number(r.output_tokens);
    u.cost += Number(r.cost);
    u.errors += r.errors;
    out.set(key, u);
  }
  return [...out.values()]
    .map((u) => ({ ...u, cost: round(u.cost) }))
    .sort((x, y) => y.messages - x.messages);
}
