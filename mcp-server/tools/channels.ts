// Channels over MCP: the workspace's inboxes, and what an operator does on a
// channel conversation (take it over from the bot, reply as a person, hand it
// back). Thin adapters over the same lib functions and contract schemas as the
// Inbox and /api/v1 (lib/inboxes/contract.ts, lib/channels/contract.ts).
import { z } from "zod";
import { humanReplyInput } from "../../lib/channels/contract";
import { sendHumanReply } from "../../lib/channels/human-reply";
import { handBackToBot, takeOver } from "../../lib/channels/operator";
import { conversationIdSchema } from "../../lib/conversations/schema";
import { inboxOutput, serializeInbox } from "../../lib/inboxes/contract";
import { listInboxes } from "../../lib/inboxes/inboxes";
import { defineTool } from "../registry";
import { messageOut, messageShape } from "./shapes";

// Even masked, credential hints have no use to an assistant (often a model): left out.
export const inboxShape = inboxOutput.omit({ secrets: true });
const conversationId = conversationIdSchema.describe("The conversation's id (list_conversations)");
const handled = z.object({
  conversationId: z.uuid(),
  handledBy: z.enum(["bot", "human"]).describe("Who answers the customer from now on"),
});

export const listInboxesTool = defineTool({
  name: "list_inboxes",
  title: "List inboxes",
  description:
    "The workspace's channels: web chat, the website widget, Chatwoot, WhatsApp, API. Each with its agent, whether the bot answers, and why it cannot when it cannot (actorProblem). Credentials are never shown.",
  group: "agents",
  access: "read",
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.strictObject({}),
  output: z.object({ inboxes: z.array(inboxShape) }),
  untrusted: false,
  async run({ scope }) {
    return {
      inboxes: (await listInboxes(scope)).map((i) => {
        const { secrets: _hidden, ...inbox } = serializeInbox(i);
        return inbox;
      }),
    };
  },
});

export const takeOverConversationTool = defineTool({
  name: "take_over_conversation",
  title: "Take over a conversation",
  description:
    "People handle this channel conversation from now on (the key's creator as the assignee); the bot stays silent until hand_back_conversation.",
  group: "conversations",
  access: "write",
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  input: z.strictObject({ conversation_id: conversationId }),
  output: handled,
  untrusted: false,
  async run({ scope }, { conversation_id }) {
    await takeOver(scope, conversation_id);
    return { conversationId: conversation_id, handledBy: "human" as const };
  },
});

export const handBackConversationTool = defineTool({
  name: "hand_back_conversation",
  title: "Hand a conversation back to the bot",
  description: "The bot answers the customer's next message again.",
  group: "conversations",
  access: "write",
  // Only our row changes (handing back queues nothing for the vendor), unlike taking over.
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.strictObject({ conversation_id: conversationId }),
  output: handled,
  untrusted: false,
  async run({ scope }, { conversation_id }) {
    await handBackToBot(scope, conversation_id);
    return { conversationId: conversation_id, handledBy: "bot" as const };
  },
});

export const replyToConversationTool = defineTool({
  name: "reply_to_conversation",
  title: "Reply to the customer as a person",
  description:
    "Sends `text` to the customer on the conversation's channel, in the name of the key's creator, and takes the conversation over. Refused when the channel does not allow a free-form message now (WhatsApp's 24-hour window: a template is needed).",
  group: "conversations",
  access: "write",
  // Reaches the customer on an outside service; sending twice sends two messages.
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  input: z.strictObject({ conversation_id: conversationId, text: humanReplyInput.shape.text }),
  output: z.object({ message: messageShape }),
  untrusted: true,
  async run({ scope }, { conversation_id, text }) {
    return { message: messageOut(await sendHumanReply(scope, { conversationId: conversation_id, text })) };
  },
});
