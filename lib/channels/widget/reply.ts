import type { UIMessageChunk } from "ai";
import { sql } from "kysely";
import { type ChatTurn, startChatTurn } from "../../chat/turn";
import { getDb } from "../../db/client";
import { type JwtClaims, runAsService } from "../../db/rls";
import { logger } from "../../logger";
import { roleAtLeast } from "../../workspaces/roles";
import { enqueueReply } from "../inbound";
import type { WidgetInbox } from "./inbox";

/** Who the bot acts as: the inbox's actor (its creator, still a member or above), like the channel reply job. */
export interface WidgetActor {
  claims: JwtClaims;
  workspaceSlug: string;
}

export async function widgetActor(
  inbox: Pick<WidgetInbox, "workspaceId" | "createdBy">,
): Promise<WidgetActor | null> {
  if (!inbox.createdBy) return null;
  const row = await runAsService("widget:actor", (tx) =>
    tx
      .selectFrom("workspace_members as m")
      .innerJoin("workspaces as w", "w.id", "m.workspace_id")
      .innerJoin("auth.users as u", "u.id", "m.user_id")
      .select(["m.role", "w.slug", "u.email"])
      .where("m.workspace_id", "=", inbox.workspaceId)
      .where("m.user_id", "=", inbox.createdBy as string)
      .executeTakeFirst(),
  );
  if (!row || !roleAtLeast(row.role, "member")) return null;
  return {
    claims: { sub: inbox.createdBy, role: "authenticated", ...(row.email ? { email: row.email } : {}) },
    workspaceSlug: row.slug,
  };
}

/**
 * Answers a visitor's stored message here, streamed, instead of on the worker.
 * receiveInbound queued the reply job (task channel_reply) in its transaction;
 * taking the job back while no worker has locked it makes this request the one
 * that answers. (Not graphile_worker.remove_job: on a locked job it would also
 * cancel the worker's retries.) If a worker got it
 * first, or the turn cannot start, the job answers (re-queued when taken) and
 * the visitor sees the reply through live updates. Either way it runs once:
 * begin_chat_turn's 'reply' refuses a message that already has an answer.
 */
export async function startWidgetReply(
  inbox: WidgetInbox,
  actor: WidgetActor,
  m: { conversationId: string; agentId: string; messageId: string; index: number },
): Promise<ChatTurn | null> {
  const job = { workspaceId: inbox.workspaceId, conversationId: m.conversationId, messageId: m.messageId };
  const { rows } = await sql<{ id: string }>`
    delete from graphile_worker._private_jobs
     where key = ${`channel_reply:${m.messageId}`} and locked_at is null
    returning id::text`.execute(getDb());
  if (!rows[0]) return null;
  try {
    return await startChatTurn(
      { claims: actor.claims, workspaceId: inbox.workspaceId },
      // "reply" answers the stored message (begin_chat_turn's trigger from the channels migration).
      {
        agentId: m.agentId,
        conversationId: m.conversationId,
        trigger: "reply" as "submit",
        editIndex: m.index,
      },
      { workspaceSlug: actor.workspaceSlug },
    );
  } catch (e) {
    // The job records the failure where operators look (and retries what can be retried).
    logger.warn(
      { err: e, messageId: m.messageId },
      "widget: the streamed reply did not start; queued instead",
    );
    await enqueueReply(getDb(), job).catch((err: unknown) =>
      logger.error({ err, messageId: m.messageId }, "widget: re-queueing the reply failed"),
    );
    return null;
  }
}

/** The text of a UI message stream, delta by delta: tool calls and their results are not the visitor's to see. */
export function textDeltas(stream: ReadableStream<UIMessageChunk>): ReadableStream<string> {
  return stream.pipeThrough(
    new TransformStream<UIMessageChunk, string>({
      transform(chunk, controller) {
        if (chunk.type === "text-delta" && chunk.delta) controller.enqueue(chunk.delta);
      },
    }),
  );
}
