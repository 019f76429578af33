import { AppError } from "../../errors";
import { readCappedBody, WebhookRefusal } from "../../flows/triggers/webhook-ingress";
import { verifyChatwootSignature } from "./signature";
import {
  type ChatwootConversationEvent,
  type ChatwootMessageCreated,
  chatwootConversationEvent,
  chatwootEventName,
  chatwootMessageCreated,
  HANDLED_EVENTS,
  handlerSignal,
  messageTypeName,
} from "./webhook-schema";

/**
 * POST /api/channels/chatwoot/{token}: what Chatwoot (an agent bot, or an
 * account/inbox webhook) sends us. Only a customer's new, public message is
 * answered; the work after the acknowledgement (the model turn, posting the
 * reply, labels) runs on the worker.
 *
 * Why ignored events are answered 200, not an error: Chatwoot does not retry a
 * webhook, and when an agent bot's `message_created` delivery fails it marks the
 * message failed and opens the conversation for humans. So our own echoes,
 * private notes, human agents' replies and events we do not use must all be
 * acknowledged, or each would hand the conversation to people. A body we cannot
 * read at all (not JSON, no ids) is a 4xx: Chatwoot then hands that conversation
 * to a human, the right outcome for a message the bot cannot understand.
 */
export const MAX_CHATWOOT_BODY_BYTES = 512 * 1024;
/** Longer customer messages are cut here (a WhatsApp message is at most 4,096 characters). */
export const MAX_INBOUND_TEXT = 8_000;

export interface ChatwootInbox {
  inboxId: string;
  workspaceId: string;
  /** From the inbox's settings: events from another Chatwoot account are refused. */
  accountId: number | null;
  /**
   * From the inbox's settings, when set: an account-wide Chatwoot webhook also sends
   * the events of the account's other inboxes, which this bot does not serve.
   */
  chatwootInboxId: number | null;
  /** The inbox's decrypted `webhook_secret`: when set, every event must be signed with it. */
  webhookSecret: string | undefined;
}

export interface InboundMessage {
  inboxId: string;
  workspaceId: string;
  externalMessageId: string;
  externalConversationRef: string;
  contact: { ref?: string; name?: string };
  text: string;
  receivedAt: Date;
  /** A human agent is already assigned in Chatwoot: store the message, do not answer. */
  humanAssignee: string | null;
}

export interface ChatwootIngressDeps {
  /** The Chatwoot inbox whose webhook URL holds this token, or null (any other channel's too). */
  lookup(token: string): Promise<ChatwootInbox | null>;
  receive(message: InboundMessage): Promise<{ duplicate: boolean; queuedReply: boolean; handoff: boolean }>;
  /**
   * People took the conversation over in Chatwoot (the bot goes silent in it), or gave
   * it back to the bot. Only an existing conversation changes.
   */
  setHandler(
    inbox: ChatwootInbox,
    a: { externalConversationRef: string; handledBy: "human" | "bot"; by: string | null },
  ): Promise<{ found: boolean }>;
  now?(): Date;
}

const ok = (body: Record<string, unknown>, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
  });

const ignored = (reason: string) => ok({ ok: true, ignored: reason });

function parseJson(raw: Uint8Array): unknown {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(raw);
  } catch {
    throw new AppError("bad_request", "The body is not valid UTF-8.");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid_json", "The body is not valid JSON.");
  }
}

function invalid(what: string, issues: { path: PropertyKey[]; message: string }[]): AppError {
  const first = issues[0];
  const where = first?.path.length ? ` (${first.path.map(String).join(".")}: ${first.message})` : "";
  return new AppError(
    "validation_failed",
    `This ${what} payload is missing or has malformed fields${where}.`,
  );
}

/** Attachments become a short placeholder: the model sees that something was sent. */
function textOf(m: ChatwootMessageCreated): string {
  const content = (m.content ?? "").trim();
  const files = (m.attachments ?? []).map((a) => a.file_type || "file");
  const placeholder = files.length
    ? `[${files.length === 1 ? "attachment" : "attachments"}: ${files.join(", ")}]`
    : "";
  const text = [content, placeholder].filter(Boolean).join("\n");
  return text.length > MAX_INBOUND_TEXT ? `${text.slice(0, MAX_INBOUND_TEXT)}…` : text;
}

function otherInbox(inbox: ChatwootInbox, inboxId: string | undefined): boolean {
  return inbox.chatwootInboxId !== null && inboxId !== undefined && inboxId !== String(inbox.chatwootInboxId);
}

function checkAccount(inbox: ChatwootInbox, accountId: string | undefined): void {
  if (inbox.accountId !== null && accountId !== undefined && accountId !== String(inbox.accountId)) {
    throw new AppError(
      "validation_failed",
      "This event is from another Chatwoot account than the one this inbox is connected to.",
    );
  }
}

async function onMessage(inbox: ChatwootInbox, body: unknown, deps: ChatwootIngressDeps, now: Date) {
  const parsed = chatwootMessageCreated.safeParse(body);
  if (!parsed.success) throw invalid("message_created", parsed.error.issues);
  const m = parsed.data;
  checkAccount(inbox, m.account?.id);
  if (otherInbox(inbox, m.inbox?.id ?? m.conversation.inbox_id)) return ignored("other_inbox");
  if (m.private) return ignored("private_note");
  const type = messageTypeName(m.message_type);
  // Our own replies come back as outgoing (sender agent_bot), human agents' too (sender user).
  if (type !== "incoming") return ignored(`message_type_${type}`);
  const text = textOf(m);
  if (!text) return ignored("empty_message");
  const contact = m.conversation.meta?.sender ?? m.sender;
  const out = await deps.receive({
    inboxId: inbox.inboxId,
    workspaceId: inbox.workspaceId,
    externalMessageId: m.id,
    externalConversationRef: m.conversation.id,
    contact: {
      ref: contact?.phone_number || (contact?.id ? `chatwoot:${contact.id}` : undefined),
      name: contact?.name ?? undefined,
    },
    text,
    receivedAt: now,
    humanAssignee: m.conversation.meta?.assignee
      ? (m.conversation.meta.assignee.name ?? "a Chatwoot agent")
      : null,
  });
  return ok({ ok: true, duplicate: out.duplicate, queuedReply: out.queuedReply });
}

async function onConversation(inbox: ChatwootInbox, body: unknown, deps: ChatwootIngressDeps) {
  const parsed = chatwootConversationEvent.safeParse(body);
  if (!parsed.success) throw invalid("conversation event", parsed.error.issues);
  const e: ChatwootConversationEvent = parsed.data;
  checkAccount(inbox, e.account?.id);
  if (otherInbox(inbox, e.inbox_id)) return ignored("other_inbox");
  const signal = handlerSignal(e);
  if (!signal) return ignored("no_handler_change");
  const { found } = await deps.setHandler(inbox, {
    externalConversationRef: e.id,
    handledBy: signal.handledBy,
    by: signal.handledBy === "human" ? signal.by : null,
  });
  return found ? ok({ ok: true, handledBy: signal.handledBy }) : ignored("unknown_conversation");
}

export async function handleChatwootWebhook(
  req: Request,
  token: string,
  deps: ChatwootIngressDeps,
): Promise<Response> {
  const inbox = await deps.lookup(token);
  if (!inbox) throw new AppError("not_found", "No Chatwoot inbox listens at this URL.");
  const mime = (req.headers.get("content-type") ?? "").split(";", 1)[0]?.trim().toLowerCase();
  if (mime !== "application/json") {
    throw new AppError("unsupported_media_type", "Send the Chatwoot event as application/json.");
  }
  let raw: Uint8Array;
  try {
    raw = await readCappedBody(req, MAX_CHATWOOT_BODY_BYTES);
  } catch (e) {
    if (e instanceof WebhookRefusal) throw new AppError("payload_too_large", e.message);
    throw e;
  }
  const now = deps.now?.() ?? new Date();
  if (inbox.webhookSecret) {
    const check = verifyChatwootSignature(inbox.webhookSecret, req.headers, raw, now);
    if (!check.ok) throw new AppError("unauthorized", check.message);
  }
  const body = parseJson(raw);
  const head = chatwootEventName.safeParse(body);
  if (!head.success)
    throw new AppError("validation_failed", "Expected a Chatwoot event object with an `event` name.");
  const event = head.data.event;
  if (!HANDLED_EVENTS.has(event)) return ignored(`event_${event.replace(/[^a-z_]/g, "").slice(0, 40)}`);
  if (event === "message_created") return onMessage(inbox, body, deps, now);
  return onConversation(inbox, body, deps);
}
