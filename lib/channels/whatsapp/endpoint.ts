import { randomUUID } from "node:crypto";
import { getDb } from "../../db/client";
import { errorResponse } from "../../http/respond";
import { receiveInbound } from "../inbound";
import { readInboxSecret } from "../secrets";
import { whatsappSettingsSchema } from "../settings";
import { findInboxByWebhookToken } from "../webhook-token";
import { receiveMedia } from "./media-inbound";
import { applyDeliveryStatus } from "./statuses";
import { handleWhatsAppGet, handleWhatsAppPost, type WhatsAppWebhookDeps } from "./webhook";

/** The webhook's parts wired to the database and the channel core. */
export const whatsappWebhookDeps: WhatsAppWebhookDeps = {
  async lookup(token) {
    const inbox = await findInboxByWebhookToken("whatsapp", token);
    if (!inbox) return null;
    const settings = whatsappSettingsSchema.safeParse(inbox.settings);
    return {
      inboxId: inbox.inboxId,
      workspaceId: inbox.workspaceId,
      // Without a valid phone number id nothing matches, and every message is ignored (logged).
      phoneNumberId: settings.success ? settings.data.phoneNumberId : "",
    };
  },
  secret: (inbox, name) => readInboxSecret(getDb(), inbox.workspaceId, inbox.inboxId, name),
  receiveText: (inbox, e) =>
    receiveInbound({
      inboxId: inbox.inboxId,
      workspaceId: inbox.workspaceId,
      externalMessageId: e.externalId,
      externalConversationRef: e.from,
      contact: { ref: e.from, name: e.contactName },
      text: e.text,
      receivedAt: e.receivedAt,
    }),
  receiveMedia: (inbox, e) =>
    receiveMedia({
      inboxId: inbox.inboxId,
      workspaceId: inbox.workspaceId,
      externalMessageId: e.externalId,
      from: e.from,
      contactName: e.contactName,
      mediaType: e.mediaType,
      text: e.text,
      receivedAt: e.receivedAt,
    }),
  applyStatus: (inbox, e) => applyDeliveryStatus(getDb(), inbox.inboxId, e),
};

/** GET (Meta's subscription check) and POST (webhooks) of app/api/channels/whatsapp/[token]. */
export async function whatsappEndpoint(
  req: Request,
  ctx: { params: Promise<Record<string, string>> },
): Promise<Response> {
  const requestId = req.headers.get("x-request-id")?.slice(0, 64) || randomUUID();
  try {
    const { token = "" } = await ctx.params;
    const res =
      req.method === "GET"
        ? await handleWhatsAppGet(req, token, whatsappWebhookDeps)
        : Response.json(await handleWhatsAppPost(req, token, whatsappWebhookDeps, { requestId }), {
            headers: { "cache-control": "no-store" },
          });
    res.headers.set("x-request-id", requestId);
    return res;
  } catch (e) {
    return errorResponse(e, requestId);
  }
}
