import { sql } from "kysely";
import { runAsUser } from "../db/rls";
import { AppError } from "../errors";
import { isBigintText, isEpochMicrosText, parseWith } from "../validation";
import type { WorkspaceScope } from "../workspaces";
import type {
  McpCallJson as McpCall,
  McpCallPageJson as McpCallPage,
  McpCallSummaryJson as McpCallSummary,
} from "./contract";
import {
  type ListMcpCallsQuery,
  listMcpCallsQuery,
  type SummarizeMcpCallsQuery,
  summarizeMcpCallsQuery,
} from "./schema";

const RANGE_INTERVAL = { "24h": "24 hours", "7d": "7 days" } as const;

/**
 * Keyset position in (created_at desc, id desc), the order of
 * mcp_calls_workspace_time_idx. Microseconds as text: a JS Date keeps only
 * milliseconds, and a rounded key would skip or repeat rows of one batch.
 */
function encodeCursor(us: string, id: string): string {
  return Buffer.from(`${us}|${id}`, "utf8").toString("base64url");
}

function decodeCursor(raw: string): { us: string; id: string } {
  const [us, id, ...rest] = Buffer.from(raw, "base64url").toString("utf8").split("|");
  if (rest.length > 0 || !us || !id || !isEpochMicrosText(us) || !isBigintText(id)) {
    throw new AppError("validation_failed", "Some fields are missing or invalid.", {
      details: [{ path: "cursor", message: "Invalid cursor." }],
    });
  }
  return { us, id };
}

/** The filters as one predicate (every value a bound parameter). */
function filtersSql(f: { direction?: string; apiKeyId?: string; tool?: string; status?: string }) {
  const conds = [sql`true`];
  if (f.direction) conds.push(sql`c.direction = ${f.direction}`);
  if (f.apiKeyId) conds.push(sql`c.api_key_id = ${f.apiKeyId}::uuid`);
  if (f.tool) conds.push(sql`c.tool = ${f.tool}`);
  if (f.status) conds.push(sql`c.status = ${f.status}`);
  return sql<boolean>`(${sql.join(conds, sql` and `)})`;
}

/** Newest first. Admins only: RLS shows nothing to anyone else, and nothing to API keys. */
export async function listMcpCalls(ctx: WorkspaceScope, query: ListMcpCallsQuery = {}): Promise<McpCallPage> {
  const f = parseWith(listMcpCallsQuery, query);
  const cursor = f.cursor ? decodeCursor(f.cursor) : undefined;
  const rows = await runAsUser(ctx.claims, (tx) => {
    let qb = tx
      .selectFrom("mcp_calls as c")
      .where("c.workspace_id", "=", ctx.workspaceId)
      .where(filtersSql(f));
    if (cursor) {
      const at = sql`(timestamptz 'epoch' + ${cursor.us}::bigint * interval '1 microsecond')`;
      qb = qb.where(sql<boolean>`(c.created_at, c.id) < (${at}, ${cursor.id}::bigint)`);
    }
    return qb
      .leftJoin("api_keys as k", (j) =>
        j.onRef("k.id", "=", "c.api_key_id").on("k.workspace_id", "=", ctx.workspaceId),
      )
      .leftJoin("mcp_integrations as i", (j) =>
        j.onRef("i.id", "=", "c.integration_id").on("i.workspace_id", "=", ctx.workspaceId),
      )
      .select([
        "c.id",
        "c.created_at",
        "c.direction",
        "c.transport",
        "c.tool",
        "c.arg_bytes",
        "c.status",
        "c.error_code",
        "c.latency_ms",
        "c.api_key_id",
        "c.integration_id",
        "c.agent_id",
        "c.conversation_id",
        "k.name as key_name",
        "k.prefix as key_prefix",
        "i.name as integration_name",
      ])
      .select(sql<string>`(extract(epoch from c.created_at) * 1000000)::bigint::text`.as("us"))
      .orderBy("c.created_at", "desc")
      .orderBy("c.id", "desc")
      .limit(f.limit + 1)
      .execute();
  });
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  const calls: McpCall[] = page.map((r) => ({
    id: String(r.id),
    createdAt: r.created_at.toISOString(),
    direction: r.direction as McpCall["direction"],
    transport: r.transport as McpCall["transport"],
    tool: r.tool,
    argBytes: r.arg_bytes,
    status: r.status as McpCall["status"],
    errorCode: r.error_code,
    latencyMs: r.latency_ms,
    apiKey:
      r.api_key_id && r.key_name && r.key_prefix
        ? { id: r.api_key_id, name: r.key_name, prefix: r.key_prefix }
        : null,
    integrationId: r.integration_id,
    integrationName: r.integration_name ?? null,
    agentId: r.agent_id,
    conversationId: r.conversation_id,
  }));
  return {
    calls,
    nextCursor: rows.length > f.limit && last ? encodeCursor(last.us, String(last.id)) : null,
  };
}

/** Counts, error rate and latency percentiles over the last 24 hours or 7 days. */
export async function summarizeMcpCalls(
  ctx: WorkspaceScope,
  query: SummarizeMcpCallsQuery = {},
): Promise<McpCallSummary> {
  const f = parseWith(summarizeMcpCallsQuery, query);
  const interval = RANGE_INTERVAL[f.range];
  const { stats, tools } = await runAsUser(ctx.claims, async (tx) => {
    const inRange = () =>
      tx
        .selectFrom("mcp_calls as c")
        .where("c.workspace_id", "=", ctx.workspaceId)
        .where(sql<boolean>`c.created_at >= now() - ${interval}::interval`);
    const stats = await inRange()
      .where(filtersSql(f))
      .select([
        sql<string>`(now() - ${interval}::interval)`.as("since"),
        sql<number>`count(*)::int`.as("calls"),
        sql<number>`(count(*) filter (where c.status = 'error'))::int`.as("errors"),
        sql<number | null>`percentile_cont(0.5) within group (order by c.latency_ms)`.as("p50"),
        sql<number | null>`percentile_cont(0.95) within group (order by c.latency_ms)`.as("p95"),
      ])
      .executeTakeFirstOrThrow();
    // Tools across the range regardless of the tool filter, so the filter can be changed.
    const tools = await inRange()
      .where(filtersSql({ direction: f.direction, apiKeyId: f.apiKeyId }))
      .select("c.tool")
      .distinct()
      .orderBy("c.tool")
      .limit(200)
      .execute();
    return { stats, tools };
  });
  const round = (v: number | null) => (v === null ? null : Math.round(Number(v)));
  return {
    range: f.range,
    since: new Date(stats.since).toISOString(),
    calls: stats.calls,
    errors: stats.errors,
    errorRate: stats.calls === 0 ? 0 : stats.errors / stats.calls,
    p50LatencyMs: round(stats.p50),
    p95LatencyMs: round(stats.p95),
    tools: tools.map((t) => t.tool),
  };
}
