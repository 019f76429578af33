import { z } from "zod";

/**
 * The parts of Chatwoot's webhook payloads we read (its documented "Webhook
 * events": `Message#webhook_data` for message_created, `Conversation#webhook_data`
 * plus `event` and `changed_attributes` for conversation events). Everything else
 * Chatwoot sends is allowed through unread (loose objects), so a Chatwoot upgrade
 * that adds fields changes nothing. Ids are numbers in Chatwoot; some older
 * payloads and the docs' sample send them as strings, so both are accepted.
 */
const id = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,19}$/)]).transform(String);

const actor = z.looseObject({
  id: id.optional(),
  name: z.string().max(500).nullish(),
  /** contact | user (a human agent) | agent_bot; absent on some system messages. */
  type: z.string().max(40).nullish(),
  phone_number: z.string().max(64).nullish(),
  email: z.string().max(320).nullish(),
});

const assignee = z.looseObject({ id: id.optional(), name: z.string().max(500).nullish() }).nullish();

export const chatwootConversation = z.looseObject({
  /** The display id: what `/conversations/{id}` in the API means. */
  id,
  inbox_id: id.optional(),
  status: z.string().max(20).nullish(),
  labels: z.array(z.string()).nullish(),
  meta: z
    .looseObject({
      sender: actor.nullish(),
      assignee,
    })
    .nullish(),
});
export type ChatwootConversationPayload = z.infer<typeof chatwootConversation>;

export const chatwootMessageCreated = z.looseObject({
  event: z.literal("message_created"),
  id,
  /** null for attachment-only messages. */
  content: z.string().nullish(),
  /** "incoming" (the customer), "outgoing" (an agent or a bot), "activity", "template". */
  message_type: z.union([z.string().max(20), z.number().int()]),
  private: z.boolean().nullish(),
  content_type: z.string().max(40).nullish(),
  attachments: z.array(z.looseObject({ file_type: z.string().max(40).nullish() })).nullish(),
  sender: actor.nullish(),
  conversation: chatwootConversation,
  account: z.looseObject({ id }).nullish(),
  inbox: z.looseObject({ id }).nullish(),
});
export type ChatwootMessageCreated = z.infer<typeof chatwootMessageCreated>;

const change = z.looseObject({ previous_value: z.unknown(), current_value: z.unknown() });

export const chatwootConversationEvent = chatwootConversation.extend({
  event: z.enum(["conversation_updated", "conversation_status_changed", "conversation_opened"]),
  /** `[{"assignee_id": {"previous_value": null, "current_value": 3}}, …]`. */
  changed_attributes: z.array(z.record(z.string(), change)).nullish(),
  account: z.looseObject({ id }).nullish(),
});
export type ChatwootConversationEvent = z.infer<typeof chatwootConversationEvent>;

/** Only the event name, read first: unknown events are acknowledged without parsing the rest. */
export const chatwootEventName = z.looseObject({ event: z.string().max(80) });

export const HANDLED_EVENTS = new Set([
  "message_created",
  "conversation_updated",
  "conversation_status_changed",
  "conversation_opened",
]);

/** Chatwoot's integer message_type (API responses) and string form (webhooks). */
export function messageTypeName(t: string | number): string {
  if (typeof t === "string") return t;
  return ["incoming", "outgoing", "activity", "template"][t] ?? "unknown";
}

/**
 * Who a conversation event says handles the conversation now, or null when it
 * says nothing about that.
 * - People: an assignee was set, or the status moved pending → open (Chatwoot
 *   keeps a bot's conversations pending; opening one is its "hand off to a
 *   human"), or an agent bot's `conversation_opened`. A customer's message
 *   reopening a resolved conversation (resolved → open) is not a takeover.
 * - The bot again: the status moved back to pending with nobody assigned —
 *   how Chatwoot's agents give a conversation back to the bot.
 */
export function handlerSignal(
  e: ChatwootConversationEvent,
): { handledBy: "human"; by: string | null } | { handledBy: "bot" } | null {
  const changes = Object.assign({}, ...(e.changed_attributes ?? [])) as Record<
    string,
    { previous_value?: unknown; current_value?: unknown }
  >;
  const assignee = e.meta?.assignee ?? null;
  const by = assignee?.name ?? null;
  const status = changes.status;
  if (status && status.current_value === "pending" && status.previous_value !== "pending" && !assignee) {
    return { handledBy: "bot" };
  }
  if ("assignee_id" in changes && changes.assignee_id?.current_value != null)
    return { handledBy: "human", by };
  if (e.event === "conversation_opened") {
    return e.status === "open" || assignee ? { handledBy: "human", by } : null;
  }
  if (status && status.current_value === "open" && status.previous_value === "pending") {
    return { handledBy: "human", by };
  }
  return null;
}
