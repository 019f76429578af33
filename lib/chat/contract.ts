import { z } from "zod";
import { defineOperation } from "../contract/operation";
import { messageOutput, serializeMessage } from "../conversations/contract";
import { pgText } from "../validation";
import { sendChatMessageAndWait } from "./send-and-wait";

/**
 * The chat's public contract for callers that want the answer, not a stream
 * (/api/v1 and the MCP `send_message` tool): one new user turn in, the stored
 * reply out. The web chat streams the same turn (lib/chat/turn.ts) in the AI
 * SDK's UI message format instead.
 */

export const chatRequest = z
  .object({
    agentId: z.uuid({ message: "Not a valid agent id." }),
    /** Omit to start a new conversation. */
    conversationId: z.uuid({ message: "Not a valid conversation id." }).optional(),
    text: pgText().trim().min(1, "Type a message.").max(32_000),
  })
  .strict();
export type ChatRequestInput = z.input<typeof chatRequest>;

export const chatReplyOutput = z.object({
  conversationId: z.uuid(),
  message: messageOutput,
  /** The reply's text parts joined; empty when the turn failed. */
  text: z.string(),
});
export type ChatReplyJson = z.infer<typeof chatReplyOutput>;

export const sendMessageOp = defineOperation({
  id: "chat.send",
  method: "post",
  summary: "Send a message to an agent and wait for the reply",
  description:
    "Omit `conversationId` to start a new conversation. Answers when the reply is stored. " +
    "A model failure is not an HTTP error: it is stored on the reply as `message.error`.",
  body: chatRequest,
  output: chatReplyOutput,
  outputDescription: "The stored assistant message and its text.",
  v1: { path: "/chat", group: "chat" },
  async run(scope, { body }, caller) {
    const turn = await sendChatMessageAndWait(
      scope,
      { ...body, trigger: "submit" },
      { workspaceSlug: caller.workspaceSlug },
    );
    return { conversationId: turn.conversationId, message: serializeMessage(turn.message), text: turn.text };
  },
});

export const chatOperations = [sendMessageOp];
