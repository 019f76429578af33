import type { z } from "zod";
import {
  type InboundMessage,
  type MediaType,
  type MessagesValue,
  messagesValueSchema,
  webhookEnvelopeSchema,
} from "./schemas";

/**
 * What one verified webhook body asks us to do, in order. Parsing is
 * all-or-nothing: a body with one malformed `messages` change is refused
 * before anything is stored, so a retry never doubles the valid part.
 */
export type WhatsAppEvent =
  | {
      kind: "text";
      externalId: string;
      from: string;
      contactName?: string;
      text: string;
      receivedAt: Date;
    }
  | {
      kind: "media";
      externalId: string;
      from: string;
      contactName?: string;
      mediaType: MediaType;
      /** What is stored as the customer's message: the type, and a caption or file name if any. */
      text: string;
      receivedAt: Date;
    }
  | {
      kind: "status";
      externalId: string;
      status: DeliveryStatus;
      recipientId?: string;
      error?: { code: string; message: string };
      at: Date;
    };

export type DeliveryStatus = "sent" | "delivered" | "read" | "failed";
const DELIVERY_STATUSES = new Set<string>(["sent", "delivered", "read", "failed"]);

export interface ParsedWebhook {
  events: WhatsAppEvent[];
  /** Why parts were skipped (logged; the body is still answered 200 so Meta does not retry it). */
  ignored: string[];
}

export class WebhookPayloadError extends Error {
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(message);
  }
}

function issuesOf(error: z.ZodError, prefix: string) {
  return error.issues.slice(0, 5).map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join("."),
    message: i.message,
  }));
}

const at = (seconds: string) => new Date(Number(seconds) * 1000);

export function extractEvents(body: unknown, phoneNumberId: string): ParsedWebhook {
  const envelope = webhookEnvelopeSchema.safeParse(body);
  if (!envelope.success) {
    throw new WebhookPayloadError("This is not a WhatsApp webhook body.", issuesOf(envelope.error, ""));
  }
  const out: ParsedWebhook = { events: [], ignored: [] };
  if (envelope.data.object !== "whatsapp_business_account") {
    out.ignored.push(`object ${envelope.data.object}`);
    return out;
  }
  const values: MessagesValue[] = [];
  envelope.data.entry.forEach((entry, e) => {
    entry.changes.forEach((change, c) => {
      if (change.field !== "messages") {
        out.ignored.push(`field ${change.field}`);
        return;
      }
      const value = messagesValueSchema.safeParse(change.value);
      if (!value.success) {
        throw new WebhookPayloadError(
          "A messages change is malformed.",
          issuesOf(value.error, `entry.${e}.changes.${c}.value`),
        );
      }
      values.push(value.data);
    });
  });
  for (const value of values) {
    // One app's webhook URL can receive several numbers' events: only this inbox's number counts here.
    if (value.metadata.phone_number_id !== phoneNumberId) {
      out.ignored.push(`phone number ${value.metadata.phone_number_id}`);
      continue;
    }
    const names = new Map((value.contacts ?? []).map((c) => [c.wa_id, c.profile?.name]));
    for (const m of value.messages ?? []) {
      const event = messageEvent(m, names.get(m.from));
      if (event) out.events.push(event);
      else out.ignored.push(`message type ${m.type}`);
    }
    for (const s of value.statuses ?? []) {
      if (!DELIVERY_STATUSES.has(s.status)) {
        out.ignored.push(`status ${s.status}`);
        continue;
      }
      const first = s.errors?.[0];
      out.events.push({
        kind: "status",
        externalId: s.id,
        status: s.status as DeliveryStatus,
        recipientId: s.recipient_id,
        at: at(s.timestamp),
        ...(first
          ? {
              error: {
                code: String(first.code),
                message: [first.title ?? first.message, first.error_data?.details]
                  .filter(Boolean)
                  .join(": ")
                  .slice(0, 1000),
              },
            }
          : {}),
      });
    }
  }
  return out;
}

function messageEvent(m: InboundMessage, contactName: string | undefined): WhatsAppEvent | null {
  const common = { externalId: m.id, from: m.from, contactName, receivedAt: at(m.timestamp) };
  if ("text" in m && m.type === "text") return { kind: "text", ...common, text: m.text.body };
  if ("interactive" in m) {
    const i = m.interactive;
    if (i.type === "button_reply") return { kind: "text", ...common, text: i.button_reply.title };
    if (i.type === "list_reply") {
      const { title, description } = i.list_reply;
      return { kind: "text", ...common, text: description ? `${title} — ${description}` : title };
    }
    return null;
  }
  if ("button" in m) return { kind: "text", ...common, text: m.button.text };
  if (isMedia(m)) {
    const caption =
      (m.type === "image" && m.image?.caption) ||
      (m.type === "video" && m.video?.caption) ||
      (m.type === "document" && (m.document?.caption || m.document?.filename)) ||
      "";
    return {
      kind: "media",
      ...common,
      mediaType: m.type,
      text: caption ? `[${m.type}] ${caption}` : `[${m.type}]`,
    };
  }
  return null;
}

const MEDIA = new Set<string>(["image", "audio", "video", "document", "sticker", "location", "contacts"]);

function isMedia(m: InboundMessage): m is Extract<InboundMessage, { type: MediaType }> {
  return MEDIA.has(m.type);
}
