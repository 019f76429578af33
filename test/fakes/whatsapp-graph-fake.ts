import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local server speaking the WhatsApp Cloud API's messages endpoint of the
 * Graph API: `POST /v21.0/{phone_number_id}/messages` with `Authorization:
 * Bearer <token>` and a JSON body of type text, template or interactive.
 * Success answers Graph's `{messaging_product, contacts, messages:[{id}]}`;
 * every error uses Graph's envelope `{error:{message, type, code,
 * error_data?, fbtrace_id}}` with the status Graph uses (401 for a bad token,
 * 400 for a bad parameter). Calls are recorded, answered or not; `failNext`
 * scripts errors (a 500, a 131047, a rate limit) for the next sends.
 *
 * Webhook payload builders and the signature helper are in
 * whatsapp-graph-fake-webhooks.ts.
 */
export const GRAPH_VERSION = "v21.0";

export interface GraphError {
  status: number;
  code: number;
  message: string;
  type?: string;
  subcode?: number;
  details?: string;
}

/** Errors Graph really answers, as the tests use them. */
export const GRAPH_ERRORS = {
  badToken: {
    status: 401,
    code: 190,
    type: "OAuthException",
    message: "Invalid OAuth access token - Cannot parse access token",
  },
  reengagement: {
    status: 400,
    code: 131047,
    type: "OAuthException",
    message: "(#131047) Re-engagement message",
    details:
      "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
  },
  rateLimited: {
    status: 400,
    code: 130429,
    type: "OAuthException",
    message: "(#130429) Rate limit hit",
    details: "Cloud API message throughput has been reached.",
  },
  templateMissing: {
    status: 404,
    code: 132001,
    type: "OAuthException",
    message: "(#132001) Template name does not exist in the translation",
    details: "template name (x) does not exist in en_US",
  },
  serverError: { status: 500, code: 1, type: "OAuthException", message: "An unknown error occurred" },
} satisfies Record<string, GraphError>;

export interface GraphCall {
  method: string;
  path: string;
  phoneNumberId: string | null;
  headers: http.IncomingHttpHeaders;
  /** The parsed JSON body (null when it did not parse). */
  body: Record<string, unknown> | null;
  /** What the fake answered. */
  status: number;
  response: unknown;
  /** The wamid given to an accepted message. */
  messageId?: string;
}

export interface WhatsAppGraphFake {
  /** The settings' graphBaseUrl: the client appends `/v21.0/{phone_number_id}/messages`. */
  baseUrl: string;
  accessToken: string;
  calls: GraphCall[];
  /** Accepted sends only (status 200), in order. */
  readonly sent: GraphCall[];
  failNext(...errors: GraphError[]): void;
  /** Like failNext, for sends to this recipient only (other sends are answered as usual). */
  failNextTo(to: string, ...errors: GraphError[]): void;
  /** Resolves once `n` calls have been recorded (or rejects after `timeoutMs`). */
  waitForCalls(n: number, timeoutMs?: number): Promise<GraphCall[]>;
  stop(): Promise<void>;
}

const MAX_TEXT = 4096;

function graphError(e: GraphError) {
  return {
    error: {
      message: e.message,
      type: e.type ?? "OAuthException",
      code: e.code,
      ...(e.subcode ? { error_subcode: e.subcode } : {}),
      ...(e.details ? { error_data: { messaging_product: "whatsapp", details: e.details } } : {}),
      fbtrace_id: `A${randomBytes(9).toString("base64url")}`,
    },
  };
}

const invalidParameter = (details: string): GraphError => ({
  status: 400,
  code: 100,
  type: "OAuthException",
  message: "(#100) Invalid parameter",
  details,
});

/** What Graph checks of a send body before accepting it; null when it is acceptable. */
function checkSend(body: Record<string, unknown>): GraphError | null {
  if (body.messaging_product !== "whatsapp") {
    return invalidParameter("The parameter messaging_product is required.");
  }
  if (typeof body.to !== "string" || !/^\+?\d{5,20}$/.test(body.to)) {
    return invalidParameter("The parameter to is required and must be a phone number.");
  }
  const type = body.type ?? "text";
  if (type === "text") {
    const text = body.text as { body?: unknown } | undefined;
    if (typeof text?.body !== "string" || text.body.length === 0) {
      return invalidParameter("The parameter text['body'] is required.");
    }
    if (text.body.length > MAX_TEXT) {
      return invalidParameter(`Param text['body'] must be at most ${MAX_TEXT} characters long.`);
    }
    return null;
  }
  if (type === "template") {
    const t = body.template as { name?: unknown; language?: { code?: unknown } } | undefined;
    if (typeof t?.name !== "string" || !t.name)
      return invalidParameter("The parameter template['name'] is required.");
    if (typeof t.language?.code !== "string") {
      return invalidParameter("The parameter template['language']['code'] is required.");
    }
    return null;
  }
  if (type === "interactive") {
    const i = body.interactive as { type?: unknown; body?: { text?: unknown }; action?: unknown } | undefined;
    if (!["button", "list", "cta_url", "product", "product_list"].includes(String(i?.type))) {
      return invalidParameter("The parameter interactive['type'] is required.");
    }
    if (typeof i?.body?.text !== "string" || !i.action) {
      return invalidParameter("The parameters interactive['body'] and interactive['action'] are required.");
    }
    return null;
  }
  return invalidParameter(`Unsupported message type: ${String(type)}.`);
}

export async function startWhatsAppGraphFake(
  opts: { accessToken?: string; phoneNumberIds?: string[] } = {},
): Promise<WhatsAppGraphFake> {
  const accessToken = opts.accessToken ?? `EAAG${randomBytes(16).toString("hex")}`;
  const calls: GraphCall[] = [];
  const failures: { to?: string; error: GraphError }[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];

  const record = (call: GraphCall) => {
    calls.push(call);
    for (const w of [...waiters]) {
      if (calls.length >= w.n) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };

  const server = http.createServer(async (req, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const path = req.url ?? "";
    const match = new RegExp(`^/${GRAPH_VERSION}/([^/?]+)/messages(?:\\?.*)?$`).exec(path);
    let body: Record<string, unknown> | null = null;
    try {
      const parsed = raw ? JSON.parse(raw) : null;
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) body = parsed;
    } catch {
      body = null;
    }
    const answer = (status: number, response: unknown, messageId?: string) => {
      record({
        method: req.method ?? "",
        path,
        phoneNumberId: match?.[1] ?? null,
        headers: req.headers,
        body,
        status,
        response,
        messageId,
      });
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(response));
    };

    if (req.method !== "POST" || !match) {
      answer(400, graphError({ status: 400, code: 100, message: "Unsupported request - method type: get" }));
      return;
    }
    if (req.headers.authorization !== `Bearer ${accessToken}`) {
      answer(401, graphError(GRAPH_ERRORS.badToken));
      return;
    }
    const phoneNumberId = match[1] as string;
    if (opts.phoneNumberIds && !opts.phoneNumberIds.includes(phoneNumberId)) {
      answer(
        400,
        graphError({
          status: 400,
          code: 100,
          subcode: 33,
          message: `Unsupported post request. Object with ID '${phoneNumberId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
        }),
      );
      return;
    }
    if (!body) {
      answer(400, graphError(invalidParameter("The request body is not valid JSON.")));
      return;
    }
    const at = failures.findIndex((f) => f.to === undefined || f.to === body.to);
    if (at >= 0) {
      const [{ error }] = failures.splice(at, 1) as [{ error: GraphError }];
      answer(error.status, graphError(error));
      return;
    }
    const invalid = checkSend(body);
    if (invalid) {
      answer(invalid.status, graphError(invalid));
      return;
    }
    const to = String(body.to).replace(/^\+/, "");
    const messageId = `wamid.${Buffer.from(`${to}:${randomBytes(12).toString("hex")}`).toString("base64")}`;
    answer(
      200,
      {
        messaging_product: "whatsapp",
        contacts: [{ input: body.to, wa_id: to }],
        messages: [
          body.type === "template" ? { id: messageId, message_status: "accepted" } : { id: messageId },
        ],
      },
      messageId,
    );
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    accessToken,
    calls,
    get sent() {
      return calls.filter((c) => c.status === 200);
    },
    failNext: (...errors) => {
      failures.push(...errors.map((error) => ({ error })));
    },
    failNextTo: (to, ...errors) => {
      failures.push(...errors.map((error) => ({ to, error })));
    },
    waitForCalls(n, timeoutMs = 10_000) {
      if (calls.length >= n) return Promise.resolve(calls);
      return new Promise((resolve, reject) => {
        const waiter = { n, resolve: () => resolve(calls) };
        waiters.push(waiter);
        setTimeout(() => {
          const at = waiters.indexOf(waiter);
          if (at < 0) return;
          waiters.splice(at, 1);
          reject(new Error(`The Graph fake got ${calls.length} calls, not ${n}, in ${timeoutMs} ms.`));
        }, timeoutMs).unref();
      });
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
