import { sql } from "kysely";
import { messageColumns, toChatMessage } from "../conversations/map";
import type { ChatMessage } from "../conversations/schema";
import { getDb } from "../db/client";
import { type JwtClaims, queryAsService } from "../db/rls";
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

const json = (v: unknown) => JSON.stringify(v);

export interface AssistantOutcome {
  parts: StoredPart[];
  /** The model that actually answered, when known only after resolution. */
  model?: string;
  status: "complete" | "error" | "stopped";
  error?: { code: string; message: string; retryable: boolean };
  inputTokens: number;
  outputTokens: number;
  cost: number;
  latencyFirstTokenMs: number | null;
  latencyTotalMs: number;
}

/**
 * Stores the outcome of a reply and answers the stored message (undefined when
 * the row is gone, e.g. its conversation was deleted meanwhile). A reply a
 * member stopped meanwhile stays 'stopped' (with whatever it produced, and no
 * error), however it ended here.
 */
export async function finishAssistantMessage(
  ctx: ChatScope,
  ref: StoredRef,
  out: AssistantOutcome,
): Promise<ChatMessage | undefined> {
  // The service path: members may not write a reply's output or usage (RLS and column grants
  // allow only status = 'stopped'); the row is the one begin_chat_turn created under the caller's
  // RLS, and the tenant is in the WHERE. One round trip: every reply ends here, and RETURNING
  // gives the turn its stored result without reading it back.
  const [row] = await queryAsService<Parameters<typeof toChatMessage>[0]>(
    "chat:finish-reply",
    getDb()
      .updateTable("messages")
      .set({
        parts: json(out.parts),
        ...(out.model ? { model: out.model } : {}),
        status: sql`case when status = 'stopped' then status else ${out.status}::public.message_status end`,
        error: sql`case when status = 'stopped' then null else ${out.error ? json(out.error) : null}::jsonb end`,
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
      .returning(messageColumns)
      .compile(),
  );
  return row ? toChatMessage(row) : undefined;
}
