import { formatDateTime } from "@/components/format";
import type { ChatMetadata } from "./types";
import { OFFLINE_MODEL_ID } from "./types";

const numberFormat = new Intl.NumberFormat();

function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Model, tokens and latency of a stored reply, in one quiet line. */
export function MessageMeta({ meta }: { meta: ChatMetadata | undefined }) {
  if (!meta || meta.status === "pending" || meta.status === "streaming") return null;
  const bits: string[] = [];
  if (meta.status === "stopped") bits.push("Stopped");
  if (meta.model) bits.push(meta.model === OFFLINE_MODEL_ID ? "offline demo" : meta.model);
  const tokens = (meta.inputTokens ?? 0) + (meta.outputTokens ?? 0);
  if (tokens > 0) bits.push(`${numberFormat.format(tokens)} tokens`);
  if (meta.latencyTotalMs != null) bits.push(duration(meta.latencyTotalMs));
  if (bits.length === 0) return null;
  const details = [
    meta.inputTokens != null ? `Input ${numberFormat.format(meta.inputTokens)} tokens` : null,
    meta.outputTokens != null ? `output ${numberFormat.format(meta.outputTokens)} tokens` : null,
    meta.latencyFirstTokenMs != null ? `first token ${duration(meta.latencyFirstTokenMs)}` : null,
    meta.latencyTotalMs != null ? `total ${duration(meta.latencyTotalMs)}` : null,
    meta.createdAt ? formatDateTime(meta.createdAt) : null,
  ]
    .filter(Boolean)
    .join(" · ");
  return (
    <span className="truncate text-xs text-muted-foreground" title={details}>
      {bits.join(" · ")}
    </span>
  );
}
