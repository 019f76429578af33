import type { ChatScope } from "./persist";
import type { ChatRequest } from "./schema";
import { type ChatTurnOptions, type ChatTurnResult, startChatTurn } from "./turn";

export type { ChatTurnResult } from "./turn";

/**
 * One chat turn for callers that want the answer, not a stream (REST v1, the
 * MCP server, scripts): the stored reply once the turn is over. A model failure
 * is stored on the reply (`message.status` "error"), not thrown.
 */
export async function sendChatMessageAndWait(
  ctx: ChatScope,
  req: ChatRequest,
  opts: ChatTurnOptions,
): Promise<ChatTurnResult> {
  const turn = await startChatTurn(ctx, req, opts);
  // No one reads the reply as it comes: say so, rather than leave it buffered. The turn itself
  // runs on its own branch of the model's stream, to its end.
  turn.stream.cancel().catch(() => {});
  return turn.result;
}
