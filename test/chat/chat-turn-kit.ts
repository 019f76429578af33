import type { ChatScope } from "../../lib/chat/persist";
import type { ChatRequest } from "../../lib/chat/schema";
import { type SendOptions, sendChatMessage } from "../../lib/chat/send-message";

/**
 * One chat turn as a browser runs it: the whole stream read, then everything
 * the turn left running awaited (the reply, its usage and the title are stored
 * there), so the database can be checked right after.
 */
export async function runChatTurn(
  ctx: ChatScope,
  req: ChatRequest,
  opts: Omit<SendOptions, "waitUntil">,
): Promise<{ res: Response; body: string; conversationId: string }> {
  const pending: Promise<unknown>[] = [];
  const res = await sendChatMessage(ctx, req, { ...opts, waitUntil: (p) => pending.push(p) });
  const body = await res.text();
  await Promise.all(pending);
  const conversationId =
    res.headers.get("x-conversation-id") ?? /"conversationId":"([^"]+)"/.exec(body)?.[1] ?? "";
  return { res, body, conversationId };
}
