import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { z } from "zod";
import type { ChatTurn } from "../../chat/turn";
import { runAsService } from "../../db/rls";
import { env } from "../../env";
import { AppError } from "../../errors";
import { type BaseCtx, withPublic } from "../../http/handler";
import { json, NO_STORE } from "../../http/respond";
import { logger } from "../../logger";
import { PG_INT_MAX, pgText } from "../../validation";
import { receiveInbound } from "../inbound";
import type { WidgetMessage } from "./browser/protocol";
import { findVisitorConversation, inboundId, visitorMessages, visitorRef } from "./conversation";
import { visitorEventStream } from "./events";
import { frameErrorPage, frameHeaders, framePage, MAX_VISITOR_MESSAGE_CHARS } from "./frame-page";
import { PUBLIC_KEY, type WidgetInbox, widgetInboxByKey } from "./inbox";
import { limitRead, limitSend, limitSession } from "./limits";
import { assertApiOrigin, embedderOrigin } from "./origin";
import { startWidgetReply, textDeltas, widgetActor } from "./reply";
import {
  bearerToken,
  signVisitorToken,
  VISITOR_TOKEN_TTL_SECONDS,
  type VisitorClaims,
  verifyVisitorToken,
} from "./token";

type Inbox = WidgetInbox & { signingKey: Uint8Array };

/** Our own origins: the app's configured URL and the one this request reached (behind a proxy, a second name). */
function ownOrigins(req: Request): string[] {
  const out = [new URL(env().APP_URL).origin];
  const host = req.headers.get("host");
  if (host) out.push(`${new URL(req.url).protocol}//${host}`);
  return out;
}

async function inboxFor(ctx: BaseCtx): Promise<Inbox> {
  const inbox = await widgetInboxByKey(ctx.params.publicKey ?? "");
  assertApiOrigin(ctx.req, ownOrigins(ctx.req), inbox.settings.allowedOrigins);
  return inbox;
}

async function visitorOf(ctx: BaseCtx, inbox: Inbox): Promise<VisitorClaims> {
  const token = bearerToken(ctx.req);
  if (!token) {
    throw new AppError("unauthorized", "Start a chat session first.", {
      details: { reason: "visitor_token_missing" },
    });
  }
  return verifyVisitorToken(inbox.signingKey, token, { inboxId: inbox.id, workspaceId: inbox.workspaceId });
}

const sign = (inbox: Inbox, v: VisitorClaims, conversationId: string | null) =>
  signVisitorToken(inbox.signingKey, { ...v, conversationId });

/**
 * POST /api/widget/:publicKey/session: renews the visitor's token (the same
 * visitor and conversation, a fresh expiry), or starts a new visitor when there
 * is none or it no longer verifies (expired, another inbox's, forged).
 */
export const widgetSessionEndpoint = withPublic(
  async (ctx) => {
    const inbox = await inboxFor(ctx);
    await limitSession(ctx.meta.ip);
    const token = bearerToken(ctx.req);
    const known = token
      ? await verifyVisitorToken(inbox.signingKey, token, {
          inboxId: inbox.id,
          workspaceId: inbox.workspaceId,
        }).catch(() => null)
      : null;
    const visitor: VisitorClaims = known ?? {
      inboxId: inbox.id,
      workspaceId: inbox.workspaceId,
      visitorId: randomUUID(),
      conversationId: null,
    };
    const conv = known ? await findVisitorConversation(inbox, known) : null;
    // The visitor's token is their key to the conversation: kept out of every cache.
    return json(
      {
        token: await sign(inbox, visitor, conv?.id ?? null),
        conversationId: conv?.id ?? null,
        handledBy: conv?.handledBy ?? "bot",
        expiresIn: VISITOR_TOKEN_TTL_SECONDS,
      },
      200,
      NO_STORE,
    );
  },
  { checkOrigin: false },
);

const afterSchema = z.coerce.number().int().min(0).max(PG_INT_MAX);

/** GET /api/widget/:publicKey/messages?after=<index>: the visitor's conversation as the visitor sees it. */
export const widgetHistoryEndpoint = withPublic(
  async (ctx) => {
    const inbox = await inboxFor(ctx);
    const visitor = await visitorOf(ctx, inbox);
    await limitRead(inbox.id, visitor.visitorId);
    const after = afterSchema.safeParse(ctx.searchParams.get("after") ?? "0");
    if (!after.success)
      throw new AppError("validation_failed", "`after` must be a message index (0 or more).");
    const conv = await findVisitorConversation(inbox, visitor);
    if (!conv) return { conversationId: null, handledBy: "bot", messages: [] };
    return {
      conversationId: conv.id,
      handledBy: conv.handledBy,
      messages: await visitorMessages(inbox, visitor, conv.id, after.data),
    };
  },
  { checkOrigin: false },
);

const sendSchema = z
  .object({
    text: pgText()
      .trim()
      .min(1, "Type a message.")
      .max(MAX_VISITOR_MESSAGE_CHARS, `A message is at most ${MAX_VISITOR_MESSAGE_CHARS} characters.`),
    /** Chosen by the widget per message: a retried send is the same message, stored once. */
    clientId: z.uuid(),
  })
  .strict();

/** What a visitor is called in the Inbox until they say more: short, and distinct per visitor. */
const visitorName = (visitorId: string) => `Visitor ${visitorId.slice(0, 6)}`;

interface StoredRow {
  id: string;
  message_index: number;
  created_at: Date;
  handled_by: string;
  agent_id: string | null;
}

/**
 * POST /api/widget/:publicKey/messages: stores the visitor's message through
 * the channels' one inbound path (dedupe by the widget's message id, unread
 * count, the rule-based handoff), then, when the bot handles the conversation,
 * answers it here as a stream (server-sent events: session, stored, delta…,
 * done | error). When people handle it (or the reply runs on the worker) the
 * answer is 202 with the stored message; replies come through live updates.
 */
export const widgetSendEndpoint = withPublic(
  async (ctx) => {
    const inbox = await inboxFor(ctx);
    const visitor = await visitorOf(ctx, inbox);
    await limitSend(inbox.id, visitor.visitorId, ctx.meta.ip);
    const body = await ctx.body(sendSchema, { maxBytes: 32 * 1024 });
    // Read before the message is stored: after it, the reply job is queued and the race to answer is on.
    const actor = await widgetActor(inbox);
    const inbound = await receiveInbound({
      inboxId: inbox.id,
      workspaceId: inbox.workspaceId,
      externalMessageId: inboundId(visitor.visitorId, body.clientId),
      externalConversationRef: visitorRef(visitor.visitorId),
      contact: { ref: visitor.visitorId, name: visitorName(visitor.visitorId) },
      text: body.text,
    });
    if (!inbound.conversationId || !inbound.messageId) {
      throw new AppError(
        "conflict",
        "This message was received before, in a conversation that no longer exists.",
      );
    }
    const row = await storedMessage(inbox, inbound.conversationId, inbound.messageId);
    const message: WidgetMessage = {
      id: inbound.messageId,
      index: row.message_index,
      role: "visitor",
      text: body.text,
      createdAt: row.created_at.toISOString(),
      clientId: body.clientId,
    };
    const turn =
      inbound.queuedReply && row.agent_id && actor
        ? await startWidgetReply(inbox, actor, {
            conversationId: inbound.conversationId,
            agentId: row.agent_id,
            messageId: inbound.messageId,
            index: row.message_index,
          })
        : null;
    const token = await sign(inbox, visitor, inbound.conversationId);
    if (turn) return replyStream(token, inbound.conversationId, message, turn);
    return json(
      {
        token,
        conversationId: inbound.conversationId,
        handledBy: row.handled_by === "human" ? "human" : "bot",
        message,
        duplicate: inbound.duplicate,
        /** The bot answers on the worker (its reply comes through live updates); false: people will. */
        replyQueued: inbound.queuedReply,
      },
      inbound.duplicate ? 200 : 202,
    );
  },
  { checkOrigin: false },
);

async function storedMessage(inbox: Inbox, conversationId: string, messageId: string): Promise<StoredRow> {
  const { rows } = await runAsService("widget:stored-message", (tx) =>
    sql<StoredRow>`
      select m.id, m.message_index, m.created_at, c.handled_by, c.agent_id
        from public.messages m
        join public.conversations c on c.id = m.conversation_id and c.workspace_id = m.workspace_id
       where m.workspace_id = ${inbox.workspaceId} and m.conversation_id = ${conversationId} and m.id = ${messageId}
         and c.inbox_id = ${inbox.id}`.execute(tx),
  );
  const row = rows[0];
  if (!row) throw new AppError("conflict", "The message was stored, but its conversation is gone.");
  return row;
}

const SORRY = "Sorry, I could not answer just now. Please try again in a moment.";

/** The bot's reply as the widget reads it: its text only, then the stored message. */
function replyStream(token: string, conversationId: string, stored: WidgetMessage, turn: ChatTurn): Response {
  const encoder = new TextEncoder();
  const sse = (event: string, data: unknown) =>
    encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  async function* events(): AsyncGenerator<Uint8Array> {
    yield sse("session", { token, conversationId });
    yield sse("stored", stored);
    const reader = textDeltas(turn.stream).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        yield sse("delta", { text: value });
      }
      const result = await turn.result;
      if (result.message.status === "error" || !result.text) {
        yield sse("error", { code: "reply_failed", message: SORRY });
        return;
      }
      yield sse("done", {
        id: result.message.id,
        index: result.message.index,
        role: "bot",
        text: result.text,
        createdAt: new Date(result.message.createdAt).toISOString(),
      } satisfies WidgetMessage);
    } catch (e) {
      logger.warn({ err: e, conversationId }, "widget: the streamed reply failed");
      yield sse("error", { code: "reply_failed", message: SORRY });
    } finally {
      // Leaving early (the visitor closed the page) stops reading, not the reply: it is stored anyway.
      reader.cancel().catch(() => {});
    }
  }
  const it = events();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await it.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await it.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      // Its first event carries the visitor's token.
      "cache-control": "no-store, no-transform",
      "x-accel-buffering": "no",
    },
  });
}

/** GET /api/widget/:publicKey/events: live updates of the visitor's conversation (server-sent events). */
export const widgetEventsEndpoint = withPublic(
  async (ctx) => {
    const inbox = await inboxFor(ctx);
    const visitor = await visitorOf(ctx, inbox);
    await limitRead(inbox.id, visitor.visitorId);
    const conv = await findVisitorConversation(inbox, visitor);
    if (!conv) throw new AppError("not_found", "There is no conversation yet: send a message first.");
    return visitorEventStream(
      {
        workspaceId: inbox.workspaceId,
        conversationId: conv.id,
        visitorKey: `${inbox.id}:${visitor.visitorId}`,
      },
      ctx.req.signal,
    );
  },
  { checkOrigin: false },
);

/**
 * GET /widget/:publicKey: the iframe page. The browser refuses to frame it on a
 * site that is not allowed (CSP frame-ancestors); the Referer, when the browser
 * sends one, is checked too, so a refused site gets a 403 and not the page.
 */
export async function widgetFrameEndpoint(req: Request, publicKey: string): Promise<Response> {
  const html = (status: number, body: string, origins: string[] = []) =>
    new Response(body, { status, headers: frameHeaders(origins) });
  if (!PUBLIC_KEY.test(publicKey)) return html(404, frameErrorPage("This chat is not available."));
  let inbox: Inbox;
  try {
    inbox = await widgetInboxByKey(publicKey);
  } catch (e) {
    const status = (e as AppError).status ?? 500;
    if (status >= 500) logger.error({ err: e }, "widget: the frame could not load its inbox");
    return html(status >= 500 ? 503 : 404, frameErrorPage("This chat is not available."));
  }
  const origins = inbox.settings.allowedOrigins;
  const embedder = embedderOrigin(req);
  const own = ownOrigins(req);
  if (embedder && !own.includes(embedder) && !origins.includes(embedder)) {
    return html(403, frameErrorPage("This chat is not enabled on this site."), origins);
  }
  return html(200, framePage(publicKey, inbox.settings), origins);
}
