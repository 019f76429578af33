import type { UIMessage } from "ai";
import { sql } from "kysely";
import { type JwtClaims, runAsUser, type Tx } from "../db/rls";
import type { StoredPart } from "./parts";

export interface ChatScope {
  claims: JwtClaims;
  workspaceId: string;
}

export interface StoredRef {
  id: string;
  index: number;
  /** Postgres' text form: a JS Date would drop the microseconds and miss the row. */
  createdAt: string;
}

const createdAtText = sql<string>`created_at::text`.as("created_at_text");

const json = (v: unknown) => JSON.stringify(v);

/** Runs in the caller's transaction when given one, so a turn's setup is a single round of work. */
function use<T>(ctx: ChatScope, tx: Tx | undefined, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return tx ? fn(tx) : runAsUser(ctx.claims, fn);
}

/** Written before any model is called, so nothing the user typed is ever lost. */
export async function insertUserMessage(
  ctx: ChatScope,
  conversationId: string,
  text: string,
  agentId: string,
  inTx?: Tx,
): Promise<StoredRef> {
  const row = await use(ctx, inTx, (tx) =>
    tx
      .insertInto("messages")
      .values({
        workspace_id: ctx.workspaceId,
        conversation_id: conversationId,
        role: "user",
        parts: json([{ type: "text", text }]),
        status: "complete",
        // Attributed to the agent addressed, so usage per agent counts both sides.
        agent_id: agentId,
        created_by: ctx.claims.sub,
      })
      .returning(["id", "message_index", createdAtText])
      .executeTakeFirstOrThrow(),
  );
  return { id: row.id, index: row.message_index, createdAt: row.created_at_text };
}

/** The assistant's row exists from the start; the stream fills it in when it ends. */
export async function insertAssistantMessage(
  ctx: ChatScope,
  input: { conversationId: string; agentId: string; agentVersion: number; model: string },
  inTx?: Tx,
): Promise<StoredRef> {
  const row = await use(ctx, inTx, (tx) =>
    tx
      .insertInto("messages")
      .values({
        workspace_id: ctx.workspaceId,
        conversation_id: input.conversationId,
        role: "assistant",
        parts: json([]),
        status: "streaming",
        agent_id: input.agentId,
        agent_version: input.agentVersion,
        model: input.model,
      })
      .returning(["id", "message_index", createdAtText])
      .executeTakeFirstOrThrow(),
  );
  return { id: row.id, index: row.message_index, createdAt: row.created_at_text };
}

export interface AssistantOutcome {
  parts: StoredPart[];
  /** The model that actually answered, when known only after resolution. */
  model?: string;
  status: "complete" | "error";
  error?: { code: string; message: string; retryable: boolean };
  inputTokens: number;
  outputTokens: number;
  cost: number;
  latencyFirstTokenMs: number | null;
  latencyTotalMs: number;
}

export async function finishAssistantMessage(
  ctx: ChatScope,
  ref: StoredRef,
  out: AssistantOutcome,
): Promise<void> {
  await runAsUser(ctx.claims, (tx) =>
    tx
      .updateTable("messages")
      .set({
        parts: json(out.parts),
        ...(out.model ? { model: out.model } : {}),
        status: out.status,
        error: out.error ? json(out.error) : null,
        input_tokens: out.inputTokens,
        output_tokens: out.outputTokens,
        cost: String(out.cost),
        latency_first_token_ms: out.latencyFirstTokenMs,
        latency_total_ms: out.latencyTotalMs,
      })
      // created_at lets Postgres go straight to the right partition.
      .where("workspace_id", "=", ctx.workspaceId)
      .where("id", "=", ref.id)
      .where("created_at", "=", sql<Date>`${ref.createdAt}::timestamptz`)
      .execute(),
  );
}

/** The conversation as the model should see it: finished turns only, oldest first. */
export async function loadHistory(
  ctx: ChatScope,
  conversationId: string,
  limit = 100,
  inTx?: Tx,
): Promise<UIMessage[]> {
  const rows = await use(ctx, inTx, (tx) =>
    tx
      .selectFrom("messages")
      .select(["id", "role", "parts", "status"])
      .where("workspace_id", "=", ctx.workspaceId)
      .where("conversation_id", "=", conversationId)
      .orderBy("message_index", "desc")
      .limit(limit)
      .execute(),
  );
  return rows
    .reverse()
    .filter((r) => r.status === "complete" && (r.role === "user" || r.role === "assistant"))
    .map((r) => ({ id: r.id, role: r.role as "user" | "assistant", parts: r.parts as UIMessage["parts"] }))
    .filter((m) => m.parts.length > 0);
}

export async function truncateConversation(
  ctx: ChatScope,
  conversationId: string,
  fromIndex: number,
  inTx?: Tx,
) {
  await use(ctx, inTx, (tx) =>
    sql`select public.truncate_conversation(${conversationId}, ${fromIndex})`.execute(tx),
  );
}

export async function lastUserMessage(
  ctx: ChatScope,
  conversationId: string,
  inTx?: Tx,
): Promise<{ index: number; text: string } | undefined> {
  const row = await use(ctx, inTx, (tx) =>
    tx
      .selectFrom("messages")
      .select(["message_index", "parts"])
      .where("workspace_id", "=", ctx.workspaceId)
      .where("conversation_id", "=", conversationId)
      .where("role", "=", "user")
      .orderBy("message_index", "desc")
      .limit(1)
      .executeTakeFirst(),
  );
  if (!row) return undefined;
  const parts = row.parts as StoredPart[];
  return { index: row.message_index, text: parts.map((p) => (p.type === "text" ? p.text : "")).join("") };
}

/** Starts a conversation in the workspace's web inbox, in the caller's transaction (RLS applies). */
export async function startWebConversation(
  tx: Tx,
  workspaceId: string,
  agentId: string,
): Promise<{ id: string; title: string | null }> {
  const { rows } = await sql<{ id: string; title: string | null }>`
    select c.id, c.title from public.get_or_create_conversation(
      ${workspaceId},
      (select i.id from public.inboxes i where i.workspace_id = ${workspaceId} and i.channel = 'web'),
      ${agentId}, null, null) c`.execute(tx);
  const row = rows[0];
  if (!row?.id) throw new Error("get_or_create_conversation returned no row");
  return row;
}
