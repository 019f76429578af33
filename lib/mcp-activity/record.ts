import { runAsService } from "../db/rls";
import { logger } from "../logger";

export interface McpCallRecord {
  workspaceId: string;
  /** inbound: a client called Switchboard's MCP server; outbound: an agent called an external integration. */
  direction: "inbound" | "outbound";
  apiKeyId?: string | null;
  integrationId?: string | null;
  agentId?: string | null;
  conversationId?: string | null;
  transport: "http" | "stdio" | "chat" | "flow";
  tool: string;
  argBytes: number;
  status: "ok" | "error";
  errorCode?: string | null;
  latencyMs: number;
}

const FLUSH_AT = 200;
const FLUSH_AFTER_MS = 250;

let buffer: McpCallRecord[] = [];
let timer: NodeJS.Timeout | undefined;
let inFlight: Promise<void> = Promise.resolve();

/**
 * Queues one call for the activity log. Calls are written in batches so the
 * log costs a tool call no database round trip; `flushMcpCalls` forces a write.
 */
export function recordMcpCall(rec: McpCallRecord): void {
  buffer.push(rec);
  if (buffer.length >= FLUSH_AT) void flushMcpCalls();
  else if (!timer) {
    timer = setTimeout(() => void flushMcpCalls(), FLUSH_AFTER_MS);
    timer.unref();
  }
}

async function write(batch: McpCallRecord[]): Promise<void> {
  await runAsService("mcp-activity", (tx) =>
    tx
      .insertInto("mcp_calls")
      .values(
        batch.map((r) => ({
          workspace_id: r.workspaceId,
          direction: r.direction,
          api_key_id: r.apiKeyId ?? null,
          integration_id: r.integrationId ?? null,
          agent_id: r.agentId ?? null,
          conversation_id: r.conversationId ?? null,
          transport: r.transport,
          tool: r.tool.slice(0, 200),
          arg_bytes: Math.max(0, Math.round(r.argBytes)),
          status: r.status,
          error_code: r.errorCode?.slice(0, 100) ?? null,
          latency_ms: Math.max(0, Math.round(r.latencyMs)),
        })),
      )
      .execute(),
  );
}

/** Writes everything queued so far; resolves when it is stored (or the failure is logged). */
export function flushMcpCalls(): Promise<void> {
  if (timer) clearTimeout(timer);
  timer = undefined;
  const batch = buffer;
  buffer = [];
  inFlight = inFlight.then(async () => {
    if (batch.length === 0) return;
    try {
      await write(batch);
    } catch (e) {
      // A key or workspace deleted meanwhile fails the batch: retry row by row so the rest is kept.
      logger.warn({ err: e, rows: batch.length }, "mcp activity: batch insert failed, retrying rows");
      for (const rec of batch) {
        await write([rec]).catch((err) => logger.error({ err, tool: rec.tool }, "mcp activity: row dropped"));
      }
    }
  });
  return inFlight;
}
