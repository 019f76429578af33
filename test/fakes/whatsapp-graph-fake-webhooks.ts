import { createHmac, randomBytes } from "node:crypto";

/**
 * Webhook bodies shaped exactly like Meta's documented `messages` webhook of
 * the WhatsApp Business Account object (Cloud API): an envelope
 * `{object: "whatsapp_business_account", entry: [{id, changes: [{value,
 * field: "messages"}]}]}` whose value carries `messaging_product`,
 * `metadata {display_phone_number, phone_number_id}` and either `contacts` +
 * `messages` (a customer wrote) or `statuses` (what became of a message we
 * sent). Timestamps are unix seconds as strings, as Meta sends them.
 */

export const WABA_ID = "102290129340398";
export const DISPLAY_PHONE_NUMBER = "15550783881";

type Json = Record<string, unknown>;

const unix = (d: Date = new Date()) => String(Math.floor(d.getTime() / 1000));

/** A fresh message id in Meta's `wamid.` form. */
export const wamid = () =>
  `wamid.${Buffer.from(`HBgL${randomBytes(18).toString("hex")}`).toString("base64")}`;

export interface InboundBase {
  from: string;
  id?: string;
  at?: Date;
  /** The message this one answers (a button or list reply carries it). */
  contextId?: string;
}

function base(m: InboundBase, type: string): Json {
  return {
    ...(m.contextId ? { context: { from: DISPLAY_PHONE_NUMBER, id: m.contextId } } : {}),
    from: m.from,
    id: m.id ?? wamid(),
    timestamp: unix(m.at),
    type,
  };
}

export const textMessage = (m: InboundBase & { body: string }): Json => ({
  ...base(m, "text"),
  text: { body: m.body },
});

export const buttonReplyMessage = (m: InboundBase & { replyId: string; title: string }): Json => ({
  ...base(m, "interactive"),
  interactive: { type: "button_reply", button_reply: { id: m.replyId, title: m.title } },
});

export const listReplyMessage = (
  m: InboundBase & { replyId: string; title: string; description?: string },
): Json => ({
  ...base(m, "interactive"),
  interactive: {
    type: "list_reply",
    list_reply: { id: m.replyId, title: m.title, ...(m.description ? { description: m.description } : {}) },
  },
});

const media = () => ({
  sha256: randomBytes(32).toString("base64"),
  id: String(1e15 + Math.floor(Math.random() * 1e14)),
});

export const imageMessage = (m: InboundBase & { caption?: string }): Json => ({
  ...base(m, "image"),
  image: { ...(m.caption ? { caption: m.caption } : {}), mime_type: "image/jpeg", ...media() },
});

export const audioMessage = (m: InboundBase): Json => ({
  ...base(m, "audio"),
  audio: { mime_type: "audio/ogg; codecs=opus", ...media(), voice: true },
});

export const documentMessage = (m: InboundBase & { filename?: string; caption?: string }): Json => ({
  ...base(m, "document"),
  document: {
    ...(m.caption ? { caption: m.caption } : {}),
    filename: m.filename ?? "invoice.pdf",
    mime_type: "application/pdf",
    ...media(),
  },
});

/** A message type the Cloud API does not support (Meta sends `type: "unknown"` with an error). */
export const unsupportedMessage = (m: InboundBase): Json => ({
  ...base(m, "unknown"),
  errors: [
    {
      code: 131051,
      title: "Message type unknown",
      message: "Message type unknown",
      error_data: { details: "Message type is currently not supported." },
    },
  ],
});

function envelope(phoneNumberId: string, value: Json, field = "messages"): Json {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: WABA_ID,
        changes: [
          {
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: DISPLAY_PHONE_NUMBER, phone_number_id: phoneNumberId },
              ...value,
            },
            field,
          },
        ],
      },
    ],
  };
}

/** A customer's message(s): the `contacts` entry names them (profile name + wa_id). */
export function messagesWebhook(a: {
  phoneNumberId: string;
  contact: { waId: string; name?: string };
  messages: Json[];
}): Json {
  return envelope(a.phoneNumberId, {
    contacts: [{ profile: { name: a.contact.name ?? "Sheena Nelson" }, wa_id: a.contact.waId }],
    messages: a.messages,
  });
}

export type WaStatus = "sent" | "delivered" | "read" | "failed";

export interface StatusInput {
  id: string;
  status: WaStatus;
  recipientId: string;
  at?: Date;
  errors?: { code: number; title: string; message?: string; details?: string }[];
}

export function status(s: StatusInput): Json {
  const pricing =
    s.status === "failed"
      ? {}
      : {
          conversation: {
            id: randomBytes(16).toString("hex"),
            ...(s.status === "sent" ? { expiration_timestamp: unix(new Date(Date.now() + 86_400_000)) } : {}),
            origin: { type: "service" },
          },
          pricing: { billable: true, pricing_model: "PMP", category: "service" },
        };
  return {
    id: s.id,
    status: s.status,
    timestamp: unix(s.at),
    recipient_id: s.recipientId,
    ...pricing,
    ...(s.errors
      ? {
          errors: s.errors.map((e) => ({
            code: e.code,
            title: e.title,
            message: e.message ?? e.title,
            ...(e.details ? { error_data: { details: e.details } } : {}),
            href: "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
          })),
        }
      : {}),
  };
}

/** The 131047 failure Meta reports for a free-form message sent outside the 24-hour window. */
export const REENGAGEMENT_ERROR = {
  code: 131047,
  title: "Re-engagement message",
  details:
    "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
};

export function statusesWebhook(a: { phoneNumberId: string; statuses: Json[] }): Json {
  return envelope(a.phoneNumberId, { statuses: a.statuses });
}

/** Another field of the WhatsApp Business Account object (we subscribe to `messages` only). */
export function otherFieldWebhook(): Json {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: WABA_ID,
        changes: [
          {
            value: {
              display_phone_number: DISPLAY_PHONE_NUMBER,
              event: "APPROVED",
              current_limit: "TIER_1K",
            },
            field: "phone_number_quality_update",
          },
        ],
      },
    ],
  };
}

/** `X-Hub-Signature-256`: `sha256=` + hex HMAC-SHA256 of the raw body with the app secret. */
export function signWhatsAppBody(appSecret: string, rawBody: string | Uint8Array): string {
  return `sha256=${createHmac("sha256", appSecret).update(rawBody).digest("hex")}`;
}
