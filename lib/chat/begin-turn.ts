import type { UIMessage } from "ai";
import { sql } from "kysely";
import type { Agent } from "../agents";
import { assertAgentId } from "../agents/agents";
import { toAgent } from "../agents/map";
import { OFFLINE_MODEL_ID } from "../ai/offline-model";
import { getDb } from "../db/client";
import { queryAsUser } from "../db/rls";
import { AppError, toAppError } from "../errors";
import type { GrantedIntegration } from "../integrations";
import { type GrantedIntegrationRow, toGrantedIntegrations } from "../integrations/chat-tools";
import { withoutTrailingNotices } from "./notice";
import type { ChatScope, StoredRef } from "./persist";
import type { ChatTurnRequest } from "./schema";

/** Everything a turn needs before the model is called, written and read in one statement. */
export interface TurnContext {
  agent: Agent;
  /** The provider connection's updated_at, read through RLS: the version a cached client must match. */
  connectionVersion: string | null;
  conversation: { id: string; title: string | null };
  userMessage?: StoredRef;
  assistant: StoredRef;
  /** The conversation as the model should see it: finished turns only, oldest first. */
  history: UIMessage[];
  granted: GrantedIntegration[];
  /** The text being answered: the new message, or the last user message on regenerate. */
  lastText: string;
}

interface StoredRefJson {
  id: string;
  index: number;
  created_at: string;
}

interface TurnJson {
  agent: Omit<Parameters<typeof toAgent>[0], "created_at" | "updated_at"> & {
    created_at: string;
    updated_at: string;
  };
  connection_updated_at: string | null;
  conversation: { id: string; title: string | null };
  user_message: StoredRefJson | null;
  assistant: StoredRefJson;
  last_text: string;
  history: { id: string; role: string; parts: UIMessage["parts"]; status: string }[];
  granted: GrantedIntegrationRow[];
}

const HISTORY_LIMIT = 100;

const ref = (r: StoredRefJson): StoredRef => ({ id: r.id, index: r.index, createdAt: r.created_at });

/** The errors public.begin_chat_turn raises on purpose, as the API reports them. */
function turnError(e: unknown): unknown {
  const hint = (e as { hint?: string } | null)?.hint;
  if (hint === "chat_agent_not_found") return new AppError("not_found", "Agent not found.", { cause: e });
  if (hint === "chat_conversation_not_found")
    return new AppError("not_found", "Conversation not found.", { cause: e });
  if (hint === "conversation_rewrite_forbidden")
    return new AppError(
      "forbidden",
      "Only the person who started this conversation, or an admin, can edit or regenerate its messages.",
      { cause: e },
    );
  if (hint === "chat_message_not_found") return new AppError("not_found", "Message not found.", { cause: e });
  if (hint === "chat_already_answered")
    return new AppError("conflict", "That message has been answered already.", { cause: e });
  if (hint === "chat_nothing_to_regenerate")
    return new AppError("bad_request", "There is nothing to regenerate yet.", { cause: e });
  const mapped = toAppError(e);
  return mapped.code === "internal" ? e : mapped;
}

/**
 * Stores the user's message (before any model is called, so nothing typed is
 * lost) and the assistant's placeholder, and reads what the model needs, in one
 * round trip under the caller's RLS.
 */
export async function beginChatTurn(ctx: ChatScope, req: ChatTurnRequest): Promise<TurnContext> {
  assertAgentId(req.agentId);
  let row: TurnJson;
  try {
    // One round trip: the statement commits (the user's message is durable) before it answers.
    const rows = await queryAsUser<{ turn: TurnJson }>(
      ctx.claims,
      sql`select public.begin_chat_turn(${ctx.workspaceId}::uuid, ${req.agentId}::uuid,
          ${req.conversationId ?? null}::uuid, ${req.trigger}, ${req.editIndex ?? null}::int,
          ${req.text ?? ""}, ${OFFLINE_MODEL_ID}, ${HISTORY_LIMIT}) as turn`.compile(getDb()),
    );
    row = (rows[0] as { turn: TurnJson }).turn;
  } catch (e) {
    throw turnError(e);
  }
  const history = withoutTrailingNotices(
    row.history
      .slice()
      .reverse()
      // A stopped reply stays in the context with what it said, as the user saw it.
      .filter(
        (m) =>
          (m.status === "complete" || m.status === "stopped") &&
          (m.role === "user" || m.role === "assistant"),
      )
      .map((m) => ({ id: m.id, role: m.role as "user" | "assistant", parts: m.parts }))
      .filter((m) => m.parts.length > 0),
  );
  return {
    agent: toAgent({
      ...row.agent,
      created_at: new Date(row.agent.created_at),
      updated_at: new Date(row.agent.updated_at),
    }),
    connectionVersion: row.connection_updated_at,
    conversation: row.conversation,
    userMessage: row.user_message ? ref(row.user_message) : undefined,
    assistant: ref(row.assistant),
    history,
    granted: toGrantedIntegrations(row.granted),
    lastText: row.last_text,
  };
}
