import { z } from "zod";
import { isoOrNull, isoTimestamp } from "../../contract/json";
import { defineOperation } from "../../contract/operation";
import { messageOutput, serializeMessage } from "../../conversations/contract";
import { conversationIdSchema } from "../../conversations/schema";
import { getComposerState, sendWhatsAppTemplate, templateSendInput } from "./templates";

/**
 * The Inbox's WhatsApp composer (web only): the 24-hour window's state with
 * the inbox's approved templates, and sending one of them.
 */

const params = z.object({ id: conversationIdSchema });

export const whatsappComposerOutput = z.object({
  windowOpen: z.boolean().describe("Whether a free-form reply may be sent now"),
  windowClosesAt: isoTimestamp.nullable().describe("24 hours after the customer's last message"),
  lastInboundAt: isoTimestamp.nullable(),
  reason: z.string().nullable().describe("Why a free-form reply is refused now"),
  templates: z.array(z.object({ name: z.string(), language: z.string() })),
});
export type WhatsAppComposerJson = z.infer<typeof whatsappComposerOutput>;

export const whatsappTemplateResult = z.object({
  message: messageOutput,
  deliveryId: z.uuid(),
  externalId: z.string().describe("WhatsApp's message id (wamid)"),
});
export type WhatsAppTemplateResultJson = z.infer<typeof whatsappTemplateResult>;
export type WhatsAppTemplateBody = z.input<typeof templateSendInput>;

export const getWhatsAppComposerOp = defineOperation({
  id: "conversations.whatsappComposer",
  method: "get",
  summary: "WhatsApp reply state of a conversation",
  description: "Whether the 24-hour window allows a free-form reply, and the approved templates.",
  params,
  output: whatsappComposerOutput,
  outputDescription: "The window and the templates.",
  web: { path: "/conversations/{id}/whatsapp", role: "viewer" },
  async run(scope, { params }) {
    const s = await getComposerState(scope, params.id);
    return {
      windowOpen: s.windowOpen,
      windowClosesAt: isoOrNull(s.windowClosesAt),
      lastInboundAt: isoOrNull(s.lastInboundAt),
      reason: s.reason,
      templates: s.templates,
    };
  },
});

export const sendWhatsAppTemplateOp = defineOperation({
  id: "conversations.sendWhatsappTemplate",
  method: "post",
  summary: "Send an approved WhatsApp template",
  description:
    "Sends one of the inbox's approved templates now (allowed outside the 24-hour window) and stores it " +
    "as the member's message; the member takes the conversation over.",
  params,
  body: templateSendInput,
  output: whatsappTemplateResult,
  status: 201,
  outputDescription: "The stored message and its delivery.",
  web: {
    path: "/conversations/{id}/whatsapp/template",
    role: "member",
    rateLimit: { name: "whatsapp-template", max: 30, windowSeconds: 60 },
  },
  async run(scope, { params, body }) {
    const r = await sendWhatsAppTemplate(scope, params.id, body);
    return { message: serializeMessage(r.message), deliveryId: r.deliveryId, externalId: r.externalId };
  },
});

export const whatsappOperations = [getWhatsAppComposerOp, sendWhatsAppTemplateOp];
