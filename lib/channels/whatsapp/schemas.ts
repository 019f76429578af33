import { z } from "zod";

/**
 * Meta's `messages` webhook of the WhatsApp Business Account object, as far
 * as we read it. Unknown keys are dropped, not refused: Meta adds fields (a
 * `referral`, `pricing`, `biz_opaque_callback_data`) without a version bump.
 * What we need to act — ids, the sender, the text — is required.
 */

// The dedupe key (channel_inbound_events.external_id holds 200 characters; a wamid is about 60).
const id = z.string().min(1).max(200);
/** Unix seconds as a string, as Meta sends them. */
const unixSeconds = z.string().regex(/^\d{1,12}$/);
const shortText = z.string().max(4096);

const inboundBase = {
  from: z.string().min(1).max(64),
  id,
  timestamp: unixSeconds,
  context: z.object({ from: z.string().optional(), id: z.string().optional() }).optional(),
};

const textMessage = z.object({
  ...inboundBase,
  type: z.literal("text"),
  text: z.object({ body: shortText }),
});

const interactiveMessage = z.object({
  ...inboundBase,
  type: z.literal("interactive"),
  interactive: z.discriminatedUnion("type", [
    z.object({
      type: z.literal("button_reply"),
      button_reply: z.object({ id: z.string().max(256), title: z.string().max(256) }),
    }),
    z.object({
      type: z.literal("list_reply"),
      list_reply: z.object({
        id: z.string().max(256),
        title: z.string().max(256),
        description: z.string().max(1024).optional(),
      }),
    }),
    // A WhatsApp Flow's answer: structured JSON we do not interpret.
    z.object({ type: z.literal("nfm_reply"), nfm_reply: z.unknown() }),
  ]),
});

/** A quick-reply button of a template we sent: the customer tapped a button. */
const templateButtonMessage = z.object({
  ...inboundBase,
  type: z.literal("button"),
  button: z.object({ text: z.string().max(256), payload: z.string().max(1024).optional() }),
});

const MEDIA_TYPES = ["image", "audio", "video", "document", "sticker", "location", "contacts"] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

const mediaMessage = z.object({
  ...inboundBase,
  type: z.enum(MEDIA_TYPES),
  image: z.object({ caption: z.string().max(4096).optional() }).optional(),
  video: z.object({ caption: z.string().max(4096).optional() }).optional(),
  document: z
    .object({ caption: z.string().max(4096).optional(), filename: z.string().max(512).optional() })
    .optional(),
});

/** Reactions, system notices (number changed), `unknown` and anything newer: no reply is owed. */
const otherMessage = z.object({ ...inboundBase, type: z.string().min(1).max(64) });

const BY_TYPE: Record<string, z.ZodType> = {
  text: textMessage,
  interactive: interactiveMessage,
  button: templateButtonMessage,
  ...Object.fromEntries(MEDIA_TYPES.map((t) => [t, mediaMessage])),
};

type Parsed =
  | z.infer<typeof textMessage>
  | z.infer<typeof interactiveMessage>
  | z.infer<typeof templateButtonMessage>
  | z.infer<typeof mediaMessage>
  | z.infer<typeof otherMessage>;

/**
 * The common fields first, then the schema of the message's type: a known
 * type missing its content (a text without a body) is refused with the path
 * of what is missing, not a union's "no branch matched".
 */
export const inboundMessageSchema = z
  .looseObject({ ...inboundBase, type: z.string().min(1).max(64) })
  .transform((m, ctx): Parsed => {
    const parsed = (BY_TYPE[m.type] ?? otherMessage).safeParse(m);
    if (parsed.success) return parsed.data as Parsed;
    for (const issue of parsed.error.issues) {
      ctx.addIssue({ code: "custom", message: issue.message, path: issue.path as PropertyKey[] });
    }
    return z.NEVER;
  });
export type InboundMessage = z.output<typeof inboundMessageSchema>;

const statusError = z.object({
  code: z.number().int(),
  title: z.string().max(512).optional(),
  message: z.string().max(1024).optional(),
  error_data: z.object({ details: z.string().max(2048).optional() }).optional(),
});

export const statusSchema = z.object({
  id,
  status: z.string().min(1).max(32),
  timestamp: unixSeconds,
  recipient_id: z.string().max(64).optional(),
  errors: z.array(statusError).max(20).optional(),
});
export type WhatsAppStatus = z.infer<typeof statusSchema>;

export const messagesValueSchema = z.object({
  messaging_product: z.literal("whatsapp"),
  metadata: z.object({
    display_phone_number: z.string().max(32).optional(),
    phone_number_id: z.string().min(1).max(64),
  }),
  contacts: z
    .array(
      z.object({ wa_id: z.string().max(64), profile: z.object({ name: z.string().max(256) }).optional() }),
    )
    .max(100)
    .optional(),
  messages: z.array(inboundMessageSchema).max(100).optional(),
  statuses: z.array(statusSchema).max(1000).optional(),
});
export type MessagesValue = z.infer<typeof messagesValueSchema>;

/** The envelope: what every webhook of any object has. Values are read per field. */
export const webhookEnvelopeSchema = z.object({
  object: z.string().max(64),
  entry: z
    .array(
      z.object({
        id: z.string().max(64).optional(),
        changes: z.array(z.object({ field: z.string().max(64), value: z.unknown() })).max(100),
      }),
    )
    .max(100),
});

/** Graph's answer to an accepted send. */
export const sendResponseSchema = z.object({
  messaging_product: z.literal("whatsapp"),
  messages: z.array(z.object({ id })).min(1),
});

/** Graph's error envelope. */
export const graphErrorSchema = z.object({
  error: z.object({
    message: z.string().max(2048),
    type: z.string().max(128).optional(),
    code: z.number().int().optional(),
    error_subcode: z.number().int().optional(),
    error_data: z.object({ details: z.string().max(2048).optional() }).optional(),
    fbtrace_id: z.string().max(128).optional(),
  }),
});
