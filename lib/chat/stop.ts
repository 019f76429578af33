import { sql } from "kysely";
import { z } from "zod";
import { runAsUser } from "../db/rls";
import { AppError } from "../errors";
import type { ChatScope } from "./persist";

export const stopChatReplyInput = z.object({
  conversationId: z.string().uuid("conversationId must be a UUID."),
  /** One reply; without it, every reply still being generated in the conversation. */
  messageId: z.string().uuid("messageId must be a UUID.").optional(),
});
export type StopChatReplyInput = z.infer<typeof stopChatReplyInput>;

/** The body of POST …/conversations/:id/stop. */
export const stopRequestBody = stopChatReplyInput.pick({ messageId: true }).strict();
export type StopRequestBody = z.infer<typeof stopRequestBody>;

export interface StopChatReplyResult {
  /** How many replies were stopped; 0 when they had already finished (nothing changed). */
  stopped: number;
}

/**
 * Member or above. Marks streaming replies stopped; the process generating
 * each one aborts its model call and stores what it had produced so far
 * (send-message.ts). Closing a tab does not do this: only an explicit stop.
 */
export async function stopChatReply(ctx: ChatScope, input: StopChatReplyInput): Promise<StopChatReplyResult> {
  try {
    const { rows } = await runAsUser(ctx.claims, (tx) =>
      sql<{ stopped: number }>`
        select public.stop_chat_reply(${ctx.workspaceId}::uuid, ${input.conversationId}::uuid,
          ${input.messageId ?? null}::uuid) as stopped`.execute(tx),
    );
    return { stopped: Number(rows[0]?.stopped ?? 0) };
  } catch (e) {
    const pg = e as { code?: string; hint?: string };
    if (pg?.hint === "chat_message_not_found") {
      throw new AppError("not_found", "This conversation or reply was not found.", { cause: e });
    }
    if (pg?.code === "42501") throw new AppError("forbidden", "Only members can stop a reply.", { cause: e });
    throw e;
  }
}
