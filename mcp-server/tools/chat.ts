import { z } from "zod";
import { chatRequest } from "../../lib/chat/contract";
import { sendChatMessageAndWait } from "../../lib/chat/send-and-wait";
import { AppError } from "../../lib/errors";
import { defineTool } from "../registry";
import { messageOut, messageShape } from "./shapes";

/** Under the MCP SDK client's default 60 s request timeout, so a slow model ends as a stored error, not a hang. */
const MODEL_TIMEOUT_MS = 55_000;

export const chatSend = defineTool({
  name: "send_message",
  aliases: ["chat_send"],
  title: "Message an agent",
  description:
    "Sends a message to an agent and returns its reply. Without conversation_id a new conversation is started; pass the returned conversationId to continue it. The reply is stored like any web chat turn and counts towards usage.",
  group: "chat",
  access: "write",
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  input: z.strictObject({
    agent_id: chatRequest.shape.agentId.describe("Agent to talk to (from list_agents)"),
    message: chatRequest.shape.text,
    conversation_id: chatRequest.shape.conversationId.describe(
      "Continue this conversation; omit to start a new one",
    ),
  }),
  output: z.object({
    conversationId: z.uuid(),
    reply: messageShape,
  }),
  untrusted: true,
  async run({ scope, principal }, args) {
    const turn = await sendChatMessageAndWait(
      scope,
      { agentId: args.agent_id, conversationId: args.conversation_id, text: args.message, trigger: "submit" },
      { workspaceSlug: principal.workspace.slug, timeoutMs: MODEL_TIMEOUT_MS },
    );
    const reply = messageOut(turn.message);
    if (turn.message.status === "error") {
      // The user's message and the failed reply are stored; say where, so the caller can retry in place.
      throw new AppError("unavailable", reply.error?.message ?? "The agent could not answer.", {
        details: { reason: reply.error?.code, conversationId: turn.conversationId, messageId: reply.id },
      });
    }
    return { conversationId: turn.conversationId, reply };
  },
});
