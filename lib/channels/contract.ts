import { z } from "zod";
import { iso, isoTimestamp, OK, okOutput } from "../contract/json";
import { defineOperation } from "../contract/operation";
import { messageOutput, serializeMessage } from "../conversations/contract";
import { conversationIdSchema } from "../conversations/schema";
import { pgText } from "../validation";
import { sendHumanReply } from "./human-reply";
import { type DeliveryView, handBackToBot, listDeliveries, markRead, takeOver } from "./operator";
import { retryDelivery } from "./retry-delivery";
import { signalOperatorTyping } from "./typing";

/**
 * The operators' contract on channel conversations (the Inbox, and /api/v1
 * for a helpdesk of one's own): who handles it, replying as a person, and the
 * deliveries to the channel with their status.
 */

export const deliveryOutput = z.object({
  id: z.uuid(),
  messageId: z.uuid().nullable().describe("The message delivered; null for labels and handoffs"),
  kind: z.enum(["message", "labels", "handoff", "status"]),
  status: z.enum(["pending", "sent", "failed"]),
  attempts: z.int().min(0),
  lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
  externalId: z.string().nullable().describe("The vendor's id of the sent message"),
  deliveryStatus: z
    .enum(["sent", "delivered", "read", "failed"])
    .nullable()
    .describe("What the vendor reported (WhatsApp statuses)"),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type DeliveryJson = z.infer<typeof deliveryOutput>;

export const serializeDelivery = (d: DeliveryView): DeliveryJson => ({
  id: d.id,
  messageId: d.messageId,
  kind: d.kind as DeliveryJson["kind"],
  status: d.status as DeliveryJson["status"],
  attempts: d.attempts,
  lastError: d.lastError,
  externalId: d.externalId,
  deliveryStatus: d.deliveryStatus as DeliveryJson["deliveryStatus"],
  createdAt: iso(d.createdAt),
  updatedAt: iso(d.updatedAt),
});

export const humanReplyInput = z
  .object({ text: pgText().trim().min(1, "Write a reply first.").max(4000, "Use at most 4000 characters.") })
  .strict();
export type HumanReplyBody = z.input<typeof humanReplyInput>;

const params = z.object({ id: conversationIdSchema });
const deliveryParams = z.object({ id: z.uuid({ message: "Not a valid delivery id." }) });

export const takeOverOp = defineOperation({
  id: "conversations.takeOver",
  method: "post",
  summary: "Take over a channel conversation",
  description:
    "People handle it from now on, with you as the assignee; the bot stays silent until handed back.",
  params,
  output: okOutput,
  outputDescription: "Taken over.",
  web: { path: "/conversations/{id}/take-over", role: "member" },
  v1: { path: "/conversations/{id}/take-over", group: "conversations" },
  async run(scope, { params }) {
    await takeOver(scope, params.id);
    return OK;
  },
});

export const handBackOp = defineOperation({
  id: "conversations.handBack",
  method: "post",
  summary: "Hand a conversation back to the bot",
  params,
  output: okOutput,
  outputDescription: "The bot answers the next customer message.",
  web: { path: "/conversations/{id}/hand-back", role: "member" },
  v1: { path: "/conversations/{id}/hand-back", group: "conversations" },
  async run(scope, { params }) {
    await handBackToBot(scope, params.id);
    return OK;
  },
});

export const humanReplyOp = defineOperation({
  id: "conversations.reply",
  method: "post",
  summary: "Reply to the customer as a person",
  description:
    "Delivered to the conversation's channel; takes the conversation over. Refused (409) when the channel " +
    "does not allow a free-form message now (WhatsApp's 24-hour window: send a template).",
  params,
  body: humanReplyInput,
  output: z.object({ message: messageOutput }),
  status: 201,
  outputDescription: "The stored reply (delivered by the worker).",
  web: { path: "/conversations/{id}/reply", role: "member" },
  v1: { path: "/conversations/{id}/reply", group: "conversations" },
  async run(scope, { params, body }) {
    return {
      message: serializeMessage(await sendHumanReply(scope, { conversationId: params.id, text: body.text })),
    };
  },
});

export const operatorTypingOp = defineOperation({
  id: "conversations.typing",
  method: "post",
  summary: "Say a person is typing a reply",
  description:
    "The widget's visitor sees “typing…” for a few seconds. Nothing is stored; other channels ignore it. " +
    "Send it at most every few seconds while typing.",
  params,
  output: z.object({ shown: z.boolean().describe("Whether the conversation's channel shows it") }),
  outputDescription: "Whether the customer's side shows it.",
  web: {
    path: "/conversations/{id}/typing",
    role: "member",
    rateLimit: { name: "operator-typing", max: 60, windowSeconds: 60 },
  },
  async run(scope, { params }) {
    return signalOperatorTyping(scope, params.id);
  },
});

export const markReadOp = defineOperation({
  id: "conversations.markRead",
  method: "post",
  summary: "Mark a conversation read",
  params,
  output: okOutput,
  outputDescription: "Its unread count is 0 (viewers' reads change nothing).",
  web: { path: "/conversations/{id}/read", role: "viewer" },
  async run(scope, { params }) {
    await markRead(scope, params.id);
    return OK;
  },
});

export const listDeliveriesOp = defineOperation({
  id: "conversations.deliveries",
  method: "get",
  summary: "List a conversation's deliveries to its channel",
  params,
  output: z.object({ deliveries: z.array(deliveryOutput) }),
  outputDescription: "Newest first.",
  web: { path: "/conversations/{id}/deliveries", role: "viewer" },
  v1: { path: "/conversations/{id}/deliveries", group: "conversations" },
  async run(scope, { params }) {
    return { deliveries: (await listDeliveries(scope, params.id)).map(serializeDelivery) };
  },
});

export const retryDeliveryOp = defineOperation({
  id: "deliveries.retry",
  method: "post",
  summary: "Retry a failed delivery",
  params: deliveryParams,
  output: okOutput,
  outputDescription: "Queued again.",
  web: { path: "/deliveries/{id}/retry", role: "member" },
  v1: { path: "/deliveries/{id}/retry", group: "conversations" },
  async run(scope, { params }) {
    await retryDelivery(scope, params.id);
    return OK;
  },
});

export const channelOperations = [
  takeOverOp,
  handBackOp,
  humanReplyOp,
  operatorTypingOp,
  markReadOp,
  listDeliveriesOp,
  retryDeliveryOp,
];
