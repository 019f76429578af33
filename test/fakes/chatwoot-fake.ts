import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  type ChatwootActor,
  type FakeConversationState,
  messageCreatedPayload,
  postChatwootWebhook,
} from "./chatwoot-fake-payloads";

/**
 * A local server speaking Chatwoot's Application API (`/api/v1/accounts/{account}/…`)
 * as documented, for the routes the channel adapter calls:
 * - `POST …/conversations/{id}/messages` `{content, message_type?, private?}` → the
 *   message (`message_type` as Chatwoot's integer enum: 1 = outgoing);
 * - `GET|POST …/conversations/{id}/labels` → `{payload: [labels]}`; a POST REPLACES the
 *   whole set with `labels`, as Chatwoot's endpoint does;
 * - `POST …/conversations/{id}/toggle_status` `{status}` →
 *   `{meta: {}, payload: {success, conversation_id, current_status}}`;
 * - `GET …/conversations/{id}` → the conversation.
 * Every call needs the `api_access_token` header (401 otherwise), an unknown account or
 * conversation is a 404 (`{"error":"Resource could not be found"}`), as with Chatwoot.
 *
 * It records every call, can fail the next N calls of a route with a 5xx (or hang
 * them), and — like a real Chatwoot with our webhook configured — can deliver the
 * `message_created` echo of each message created through the API back to a webhook URL.
 */
export type ChatwootRoute = "messages" | "labels" | "toggle_status" | "conversation";

export interface ChatwootCall {
  method: string;
  path: string;
  route: ChatwootRoute | null;
  conversationId: number | null;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
  /** What the fake answered. */
  status: number;
  at: number;
}

export interface FakeMessage {
  id: number;
  content: string;
  messageType: "incoming" | "outgoing";
  private: boolean;
  sender: ChatwootActor;
}

export interface ChatwootFake {
  /** `http://127.0.0.1:<port>`: what an inbox's `baseUrl` setting holds. */
  baseUrl: string;
  accountId: number;
  inboxId: number;
  apiToken: string;
  calls: ChatwootCall[];
  /** What our webhook answered to each echo the fake delivered. */
  echoes: { messageId: number; status: number; body: string }[];
  /** A conversation the fake knows (created on first use): its labels, status, assignee and messages. */
  conversation(id: number): FakeConversationState & { messages: FakeMessage[] };
  /** Calls of one route (optionally one conversation) that the fake answered with 2xx. */
  succeeded(route: ChatwootRoute, conversationId?: number): ChatwootCall[];
  /** The next `n` calls of `route` answer `status` (default 500) without any effect. */
  failNext(route: ChatwootRoute, n: number, status?: number): void;
  /** The next `n` calls of `route` never answer (a timeout on the client's side). */
  hangNext(route: ChatwootRoute, n: number): void;
  /**
   * Deliver the `message_created` echo of every message created through the API to
   * `url` (signed with `secret` when given), as Chatwoot does for the bot's own messages.
   */
  echoTo(url: string | null, secret?: string): void;
  /** Resolves once `check` holds (polled), or rejects after `timeoutMs`. */
  waitFor(check: () => boolean, timeoutMs?: number, what?: string): Promise<void>;
  stop(): Promise<void>;
}

const NOT_FOUND = { error: "Resource could not be found" };
const ROUTE =
  /^\/api\/v1\/accounts\/(\d+)\/conversations\/(\d+)(?:\/(messages|labels|toggle_status))?\/?(?:\?.*)?$/;
const STATUSES = new Set(["open", "resolved", "pending", "snoozed"]);

export async function startChatwootFake(
  opts: {
    accountId?: number;
    inboxId?: number;
    apiToken?: string;
    /** Who the token belongs to: an agent bot (default) or a human agent's access token. */
    tokenOwner?: ChatwootActor;
  } = {},
): Promise<ChatwootFake> {
  const accountId = opts.accountId ?? 1;
  const inboxId = opts.inboxId ?? 1;
  const apiToken = opts.apiToken ?? "cw-bot-token-7f3a9c1e";
  const owner: ChatwootActor = opts.tokenOwner ?? { id: 7, name: "Switchboard Bot", type: "agent_bot" };
  const calls: ChatwootCall[] = [];
  const conversations = new Map<number, FakeConversationState & { messages: FakeMessage[] }>();
  const failures = new Map<ChatwootRoute, { n: number; status: number | "hang" }>();
  const hanging = new Set<http.ServerResponse>();
  let nextMessageId = 50_000;
  let echo: { url: string; secret?: string } | null = null;
  const echoes = new Set<Promise<unknown>>();
  const echoResults: ChatwootFake["echoes"] = [];

  const conversation = (id: number) => {
    let c = conversations.get(id);
    if (!c) {
      c = { id, status: "pending", labels: [], assignee: null, messages: [] };
      conversations.set(id, c);
    }
    return c;
  };

  const server = http.createServer(async (req, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const path = req.url ?? "";
    const m = ROUTE.exec(path);
    const route = (m ? (m[3] ?? "conversation") : null) as ChatwootRoute | null;
    const conversationId = m ? Number(m[2]) : null;
    let body: Record<string, unknown> = {};
    const call: ChatwootCall = {
      method: req.method ?? "GET",
      path,
      route,
      conversationId,
      headers: req.headers,
      body,
      status: 0,
      at: performance.now(),
    };
    calls.push(call);
    const send = (status: number, payload: unknown) => {
      call.status = status;
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(payload));
    };
    if (raw) {
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
        call.body = body;
      } catch {
        return send(400, { error: "Invalid JSON" });
      }
    }
    if (req.headers.api_access_token !== apiToken) return send(401, { error: "Invalid Access Token" });
    if (!m || !route || Number(m[1]) !== accountId) return send(404, NOT_FOUND);

    const failure = failures.get(route);
    if (failure && failure.n > 0) {
      failure.n--;
      if (failure.status === "hang") {
        call.status = -1;
        hanging.add(res);
        return;
      }
      return send(failure.status, { error: `fake Chatwoot ${failure.status}` });
    }
    const conv = conversations.get(conversationId as number);
    if (!conv) return send(404, NOT_FOUND);

    if (route === "conversation" && req.method === "GET") {
      return send(200, { id: conv.id, status: conv.status, labels: conv.labels, inbox_id: inboxId });
    }
    if (route === "labels" && req.method === "GET") return send(200, { payload: conv.labels });
    if (route === "labels" && req.method === "POST") {
      const labels = body.labels;
      if (!Array.isArray(labels) || labels.some((l) => typeof l !== "string")) {
        return send(422, { message: "labels must be an array of strings" });
      }
      // Chatwoot's update_labels: the conversation's labels become exactly this list.
      conv.labels = [...new Set(labels as string[])];
      return send(200, { payload: conv.labels });
    }
    if (route === "toggle_status" && req.method === "POST") {
      const status = body.status;
      if (typeof status !== "string" || !STATUSES.has(status)) {
        return send(422, { message: "status is not a valid value" });
      }
      conv.status = status as FakeConversationState["status"];
      return send(200, {
        meta: {},
        payload: {
          success: true,
          conversation_id: conv.id,
          current_status: conv.status,
          snoozed_until: null,
        },
      });
    }
    if (route === "messages" && req.method === "POST") {
      const content = body.content;
      if (typeof content !== "string" || content.length === 0) {
        return send(422, { message: "Content can't be blank" });
      }
      const messageType = body.message_type === "incoming" ? "incoming" : "outgoing";
      const message: FakeMessage = {
        id: nextMessageId++,
        content,
        messageType,
        private: body.private === true,
        sender: owner,
      };
      conv.messages.push(message);
      const createdAt = Math.floor(Date.now() / 1000);
      send(200, {
        id: message.id,
        content,
        inbox_id: inboxId,
        conversation_id: conv.id,
        message_type: messageType === "incoming" ? 0 : 1,
        content_type: "text",
        status: "sent",
        content_attributes: {},
        created_at: createdAt,
        private: message.private,
        source_id: null,
        sender: { ...owner, thumbnail: "" },
      });
      if (echo) {
        const target = echo;
        const payload = messageCreatedPayload({
          accountId,
          inboxId,
          conversation: conv,
          message: { id: message.id, content, messageType, private: message.private },
          sender: owner,
        });
        const p = postChatwootWebhook(target.url, payload, { secret: target.secret })
          .then(async (r) => {
            echoResults.push({ messageId: message.id, status: r.status, body: await r.text() });
          })
          .catch((e: unknown) => {
            echoResults.push({ messageId: message.id, status: 0, body: String(e) });
          })
          .finally(() => echoes.delete(p));
        echoes.add(p);
      }
      return;
    }
    return send(404, NOT_FOUND);
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    accountId,
    inboxId,
    apiToken,
    calls,
    echoes: echoResults,
    conversation,
    succeeded: (route, id) =>
      calls.filter(
        (c) =>
          c.route === route &&
          c.status >= 200 &&
          c.status < 300 &&
          (id === undefined || c.conversationId === id),
      ),
    failNext(route, n, status = 500) {
      failures.set(route, { n, status });
    },
    hangNext(route, n) {
      failures.set(route, { n, status: "hang" });
    },
    echoTo(url, secret) {
      echo = url ? { url, secret } : null;
    },
    async waitFor(check, timeoutMs = 10_000, what = "the expected Chatwoot calls") {
      const deadline = Date.now() + timeoutMs;
      while (!check()) {
        if (Date.now() > deadline) {
          const seen = calls.map((c) => `${c.method} ${c.path} → ${c.status}`).join("\n  ");
          throw new Error(`Timed out waiting for ${what}. Calls so far:\n  ${seen || "(none)"}`);
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async stop() {
      echo = null;
      await Promise.allSettled([...echoes]);
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
