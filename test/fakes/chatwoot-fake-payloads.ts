import { createHmac } from "node:crypto";

/**
 * Webhook bodies shaped like the ones Chatwoot posts (its documented "Webhook
 * events" payloads: `Message#webhook_data`, `Conversation#webhook_data` with the
 * event name merged in, `changed_attributes` on conversation updates), and how
 * Chatwoot sends them: JSON POST, and — when the webhook has a secret —
 * `X-Chatwoot-Timestamp` plus `X-Chatwoot-Signature: sha256=<hex HMAC-SHA256 of
 * "{timestamp}.{raw body}">` and an `X-Chatwoot-Delivery` id.
 */
export interface ChatwootActor {
  id: number;
  name: string;
  type: "contact" | "user" | "agent_bot";
  phone_number?: string | null;
  email?: string | null;
}

export interface FakeConversationState {
  /** The conversation's display id: what the API paths and `conversation.id` in webhooks use. */
  id: number;
  status: "open" | "pending" | "resolved" | "snoozed";
  labels: string[];
  assignee: ChatwootActor | null;
}

const ACCOUNT_NAME = "Laburen Store";
const INBOX_NAME = "WhatsApp Ventas";
const T0 = Date.UTC(2026, 11, 4, 18, 0, 0) / 1000;

export const DEFAULT_CONTACT: ChatwootActor = {
  id: 501,
  name: "Lucía Gómez",
  type: "contact",
  phone_number: "+5491122334455",
  email: null,
};
export const HUMAN_AGENT: ChatwootActor = {
  id: 3,
  name: "Marta (ventas)",
  type: "user",
  email: "marta@laburen.test",
};

function contactData(c: ChatwootActor, accountId: number) {
  return {
    account: { id: accountId, name: ACCOUNT_NAME },
    additional_attributes: {},
    avatar: "",
    custom_attributes: {},
    email: c.email ?? null,
    id: c.id,
    identifier: null,
    name: c.name,
    phone_number: c.phone_number ?? null,
    thumbnail: "",
    blocked: false,
    type: "contact",
  };
}

function actorData(a: ChatwootActor, accountId: number) {
  if (a.type === "contact") return contactData(a, accountId);
  if (a.type === "user") return { id: a.id, name: a.name, email: a.email ?? null, type: "user" };
  return { id: a.id, name: a.name, type: "agent_bot" };
}

function assigneeData(a: ChatwootActor | null) {
  if (!a) return null;
  return {
    id: a.id,
    name: a.name,
    available_name: a.name,
    avatar_url: "",
    type: "user",
    availability_status: "online",
    thumbnail: "",
  };
}

/** `Conversation#webhook_data` (the event data presenter), for a WhatsApp inbox. */
export function conversationData(
  conv: FakeConversationState,
  o: { accountId: number; inboxId: number; contact?: ChatwootActor; lastMessage?: unknown },
) {
  const contact = o.contact ?? DEFAULT_CONTACT;
  return {
    additional_attributes: {},
    can_reply: true,
    channel: "Channel::Whatsapp",
    contact_inbox: {
      id: 900 + contact.id,
      contact_id: contact.id,
      inbox_id: o.inboxId,
      source_id: (contact.phone_number ?? String(contact.id)).replace(/^\+/, ""),
      created_at: "2026-12-04T17:59:00.000Z",
      updated_at: "2026-12-04T17:59:00.000Z",
      hmac_verified: false,
      pubsub_token: "Zc1sFhXQ8mTqBd2PwPyNkLre",
    },
    id: conv.id,
    inbox_id: o.inboxId,
    messages: o.lastMessage ? [o.lastMessage] : [],
    labels: [...conv.labels],
    meta: {
      sender: contactData(contact, o.accountId),
      assignee: assigneeData(conv.assignee),
      team: null,
      hmac_verified: false,
    },
    status: conv.status,
    custom_attributes: {},
    snoozed_until: null,
    unread_count: 1,
    first_reply_created_at: null,
    priority: null,
    waiting_since: T0,
    agent_last_seen_at: 0,
    contact_last_seen_at: 0,
    last_activity_at: T0,
    timestamp: T0,
    created_at: T0,
    updated_at: T0,
  };
}

let messageSeq = 10_000;
/** A fresh Chatwoot message id (numbers, as Chatwoot's are). */
export const nextChatwootMessageId = () => ++messageSeq;

/** `message_created`: `Message#webhook_data` with the event name. */
export function messageCreatedPayload(o: {
  accountId: number;
  inboxId: number;
  conversation: FakeConversationState;
  message: { id?: number; content: string | null; messageType: "incoming" | "outgoing"; private?: boolean };
  sender: ChatwootActor;
  contact?: ChatwootActor;
  event?: "message_created" | "message_updated";
}) {
  const id = o.message.id ?? nextChatwootMessageId();
  const createdAt = new Date().toISOString();
  const isPrivate = o.message.private ?? false;
  const last = {
    id,
    content: o.message.content,
    account_id: o.accountId,
    inbox_id: o.inboxId,
    conversation_id: o.conversation.id,
    message_type: o.message.messageType === "incoming" ? 0 : 1,
    created_at: Math.floor(Date.parse(createdAt) / 1000),
    updated_at: createdAt,
    private: isPrivate,
    status: "sent",
    source_id: null,
    content_type: "text",
    content_attributes: {},
    sender_type: o.sender.type === "contact" ? "Contact" : o.sender.type === "user" ? "User" : "AgentBot",
    sender_id: o.sender.id,
    external_source_ids: {},
    additional_attributes: {},
  };
  return {
    account: { id: o.accountId, name: ACCOUNT_NAME },
    additional_attributes: {},
    content_attributes: {},
    content_type: "text",
    content: o.message.content,
    conversation: conversationData(o.conversation, {
      accountId: o.accountId,
      inboxId: o.inboxId,
      contact: o.contact ?? (o.sender.type === "contact" ? o.sender : undefined),
      lastMessage: last,
    }),
    created_at: createdAt,
    id,
    inbox: { id: o.inboxId, name: INBOX_NAME },
    message_type: o.message.messageType,
    private: isPrivate,
    sender: actorData(o.sender, o.accountId),
    source_id: o.message.messageType === "incoming" ? `wamid.HBgN${id}` : null,
    event: o.event ?? "message_created",
  };
}

interface Where {
  accountId: number;
  inboxId: number;
}

/** A customer's message (WhatsApp through Chatwoot). */
export function incomingMessage(
  at: Where,
  conversation: FakeConversationState,
  content: string,
  o: { id?: number; contact?: ChatwootActor } = {},
) {
  return messageCreatedPayload({
    ...at,
    conversation,
    message: { id: o.id, content, messageType: "incoming" },
    sender: o.contact ?? DEFAULT_CONTACT,
  });
}

/** A private note a human agent wrote: never shown to the customer, never answered. */
export function privateNote(
  at: Where,
  conversation: FakeConversationState,
  content: string,
  author = HUMAN_AGENT,
) {
  return messageCreatedPayload({
    ...at,
    conversation,
    message: { content, messageType: "outgoing", private: true },
    sender: author,
  });
}

/** The echo Chatwoot sends for an outgoing message (ours: sender type agent_bot). */
export function outgoingEcho(
  at: Where,
  conversation: FakeConversationState,
  content: string,
  o: { id?: number; sender?: ChatwootActor } = {},
) {
  return messageCreatedPayload({
    ...at,
    conversation,
    message: { id: o.id, content, messageType: "outgoing" },
    sender: o.sender ?? { id: 7, name: "Switchboard Bot", type: "agent_bot" },
  });
}

type Change = { previous_value: unknown; current_value: unknown };

/**
 * `conversation_updated` / `conversation_status_changed` (account webhooks: the
 * conversation plus `changed_attributes`) and `conversation_opened` (agent bots).
 */
export function conversationEvent(
  at: Where,
  conversation: FakeConversationState,
  o: {
    event?: "conversation_updated" | "conversation_status_changed" | "conversation_opened";
    changed?: Record<string, Change>;
  } = {},
) {
  const changed = Object.entries(o.changed ?? {}).map(([k, v]) => ({ [k]: v }));
  return {
    ...conversationData(conversation, at),
    event: o.event ?? "conversation_updated",
    ...(o.event === "conversation_opened" ? {} : { changed_attributes: changed }),
  };
}

/** A human agent was assigned (what Chatwoot sends when someone picks the conversation up). */
export function assigneeChanged(at: Where, conversation: FakeConversationState, to: ChatwootActor | null) {
  const before = conversation.assignee;
  const after = { ...conversation, assignee: to, status: to ? "open" : conversation.status } as const;
  return conversationEvent(at, after, {
    event: "conversation_updated",
    changed: { assignee_id: { previous_value: before?.id ?? null, current_value: to?.id ?? null } },
  });
}

export function chatwootSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

let deliverySeq = 0;

/** POSTs a webhook the way Chatwoot does (RestClient: JSON, 5 s timeout), signed when `secret` is set. */
export async function postChatwootWebhook(
  url: string,
  payload: unknown,
  o: { secret?: string; timestamp?: number; signature?: string; raw?: string; deliveryId?: string } = {},
): Promise<Response> {
  const body = o.raw ?? JSON.stringify(payload);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json",
    "user-agent": "rest-client/2.1.0 (linux x86_64) ruby/3.4.4p34",
  };
  if (o.secret !== undefined || o.signature !== undefined) {
    const t = String(o.timestamp ?? Math.floor(Date.now() / 1000));
    headers["x-chatwoot-timestamp"] = t;
    headers["x-chatwoot-signature"] = o.signature ?? chatwootSignature(o.secret as string, t, body);
    headers["x-chatwoot-delivery"] = o.deliveryId ?? `dlv-${++deliverySeq}-${Date.now()}`;
  }
  return fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(5_000) });
}
