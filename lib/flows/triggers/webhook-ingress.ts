/**
 * The webhook ingress, once, for both the app route (app/api/hooks/flows) and
 * the Supabase edge function (supabase/functions/flow-webhook): Deno imports
 * this file, so it uses web APIs only (Request, Response, WebCrypto) and has
 * no imports. What differs between the two — the database, decrypting the
 * secret, waiting for a respond_to_webhook node — comes in as `WebhookDeps`;
 * the SQL behind `lookup` and `enqueue` is shared too
 * (private.flow_webhook_target, private.flow_enqueue_run).
 */

export const MAX_WEBHOOK_BODY_BYTES = 1_048_576;
export const SIGNATURE_HEADER = "x-switchboard-signature";
export const SIGNATURE_TOLERANCE_SECONDS = 300;
/** Per flow, per minute: generous for real senders, a ceiling on a flood. */
export const WEBHOOK_RATE_PER_MINUTE = 60_000;
const MAX_TIMEOUT_MS = 120_000;

export interface WebhookTarget {
  flowId: string;
  workspaceId: string;
  enabled: boolean;
  publishedVersion: number | null;
  secretEnc: string | null;
  /** The published webhook_trigger node; null: none (or the flow is unpublished). */
  nodeId: string | null;
  nodeConfig: Record<string, unknown>;
  rateAllowed: boolean;
  retryAfterSeconds: number;
}

export interface WebhookResponseSpec {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface WebhookDeps {
  lookup(tokenHash: string): Promise<WebhookTarget | null>;
  decryptSecret(target: WebhookTarget): Promise<string>;
  enqueue(req: {
    workspaceId: string;
    flowId: string;
    nodeId: string;
    input: unknown;
    dedupeKey: string | null;
  }): Promise<{ runId: string; created: boolean; status: string }>;
  /** Waits for the run's respond_to_webhook (or its end); null on timeout. Absent: never wait. */
  waitForResponse?(runId: string, timeoutMs: number): Promise<WebhookResponseSpec | null>;
  /** SHA-256 hex of the URL token. Absent: WebCrypto (Deno); Node passes its synchronous
   *  hash, as WebCrypto's async digest cost a sixth of the app server's CPU per webhook. */
  hashToken?(token: string): string | Promise<string>;
  now?(): Date;
}

export class WebhookRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...headers },
  });
}

export function refusalResponse(e: WebhookRefusal): Response {
  return json(e.status, { error: { code: e.code, message: e.message } }, e.headers);
}

const hex = (bytes: ArrayBuffer) =>
  Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");

export async function sha256Hex(text: string): Promise<string> {
  return hex(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

export type BodyKind = "json" | "form" | "text";

export function bodyKind(contentType: string | null): BodyKind | null {
  const mime = (contentType ?? "").split(";", 1)[0]?.trim().toLowerCase() ?? "";
  if (mime === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(mime)) return "json";
  if (mime === "application/x-www-form-urlencoded") return "form";
  if (mime === "text/plain") return "text";
  return null;
}

/**
 * Reads at most `max` bytes: a declared Content-Length over the cap is
 * refused before reading, a chunked body as soon as it passes the cap (the
 * rest is never read).
 */
export async function readCappedBody(req: Request, max = MAX_WEBHOOK_BODY_BYTES): Promise<Uint8Array> {
  const tooLarge = () =>
    new WebhookRefusal(413, "payload_too_large", `The body is larger than ${max} bytes.`, {
      connection: "close",
    });
  const declared = Number(req.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > max) throw tooLarge();
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

export function parseBody(kind: BodyKind, raw: Uint8Array): unknown {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(raw);
  } catch {
    throw new WebhookRefusal(400, "bad_request", "The body is not valid UTF-8.");
  }
  if (kind === "text") return text;
  if (kind === "form") {
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of new URLSearchParams(text)) {
      const prev = out[k];
      out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    return out;
  }
  if (text.trim() === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    throw new WebhookRefusal(400, "invalid_json", "The body is not valid JSON.");
  }
}

/** Headers a flow may see: never credentials, cookies or our signature. */
const HIDDEN_HEADERS = new Set([
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "x-api-key",
  "apikey",
  SIGNATURE_HEADER,
]);

export function visibleHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of headers) {
    if (!HIDDEN_HEADERS.has(k) && !k.includes("token") && !k.includes("secret")) out[k] = v;
  }
  return out;
}

/** The sender's own delivery id: a replay with it answers with the same run. */
export function deliveryId(headers: Headers): string | null {
  const id = (headers.get("idempotency-key") ?? headers.get("x-webhook-id"))?.trim();
  if (!id) return null;
  if (id.length > 200)
    throw new WebhookRefusal(400, "bad_request", "The delivery id is longer than 200 characters.");
  return `webhook:${id}`;
}

function hexToBytes(s: string): Uint8Array | null {
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) return null;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(s.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/**
 * `X-Switchboard-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`.
 * crypto.subtle.verify compares in constant time.
 */
export async function verifySignature(
  secret: string,
  header: string | null,
  raw: Uint8Array,
  now: Date,
): Promise<void> {
  const bad = (message: string) => new WebhookRefusal(401, "unauthorized", message);
  if (!header) throw bad(`This webhook needs an ${SIGNATURE_HEADER} header.`);
  let t: string | undefined;
  const sigs: Uint8Array[] = [];
  for (const part of header.split(",")) {
    const [k, v] = part.trim().split("=", 2);
    if (k === "t") t = v;
    else if (k === "v1" && v) {
      const b = hexToBytes(v);
      if (b && b.length === 32) sigs.push(b);
    }
  }
  if (!t || !/^\d{1,12}$/.test(t) || sigs.length === 0) throw bad("The signature header is malformed.");
  if (Math.abs(now.getTime() / 1000 - Number(t)) > SIGNATURE_TOLERANCE_SECONDS) {
    throw bad("The signature's timestamp is too old or in the future.");
  }
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey(
    "raw",
    enc.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["verify"],
  );
  const prefix = enc.encode(`${t}.`);
  const signed = new Uint8Array(prefix.byteLength + raw.byteLength);
  signed.set(prefix, 0);
  signed.set(raw, prefix.byteLength);
  for (const sig of sigs) {
    if (await crypto.subtle.verify("HMAC", key, sig as BufferSource, signed as BufferSource)) return;
  }
  throw bad("The signature does not match.");
}

/** What a sender computes; exported for tests and docs. */
export async function signWebhook(secret: string, body: string, t: number): Promise<string> {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey(
    "raw",
    enc.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return `t=${t},v1=${hex(await crypto.subtle.sign("HMAC", key, enc.encode(`${t}.${body}`)))}`;
}

function waitConfig(config: Record<string, unknown>): { wait: boolean; timeoutMs: number } {
  const t = Number(config.timeoutMs);
  return {
    wait: config.respond === "when_responded",
    timeoutMs: Number.isFinite(t) ? Math.min(Math.max(t, 100), MAX_TIMEOUT_MS) : 30_000,
  };
}

export function responseFrom(spec: WebhookResponseSpec, runId: string): Response {
  const status =
    Number.isInteger(spec.status) && spec.status >= 200 && spec.status <= 599 ? spec.status : 200;
  const headers = new Headers();
  for (const [k, v] of Object.entries(spec.headers ?? {})) {
    // A flow sets content headers, not cookies or hop-by-hop ones.
    const name = k.toLowerCase();
    if (
      /^[a-z0-9-]{1,64}$/.test(name) &&
      !["set-cookie", "connection", "transfer-encoding", "content-length"].includes(name)
    ) {
      try {
        headers.set(name, String(v));
      } catch {
        // An invalid header value from the flow is dropped, not a 500.
      }
    }
  }
  headers.set("x-flow-run-id", runId);
  const body = spec.body;
  // Statuses that carry no body: a Response with one would throw.
  if (body === undefined || body === null || [204, 205, 304].includes(status)) {
    return new Response(null, { status, headers });
  }
  if (typeof body === "string") {
    if (!headers.has("content-type")) headers.set("content-type", "text/plain; charset=utf-8");
    return new Response(body, { status, headers });
  }
  if (!headers.has("content-type")) headers.set("content-type", "application/json");
  return new Response(JSON.stringify(body), { status, headers });
}

/** POST /…/{token}: every check, then record + enqueue, then answer (202 or the flow's response). */
export async function handleWebhook(req: Request, token: string, deps: WebhookDeps): Promise<Response> {
  try {
    if (req.method !== "POST") {
      throw new WebhookRefusal(405, "method_not_allowed", "Send webhooks with POST.", { allow: "POST" });
    }
    if (!/^[A-Za-z0-9_-]{16,128}$/.test(token)) {
      throw new WebhookRefusal(404, "not_found", "No flow listens at this URL.");
    }
    const target = await deps.lookup(await (deps.hashToken ?? sha256Hex)(token));
    if (!target) throw new WebhookRefusal(404, "not_found", "No flow listens at this URL.");
    if (!target.enabled) throw new WebhookRefusal(409, "conflict", "This flow is turned off.");
    if (target.publishedVersion === null) {
      throw new WebhookRefusal(409, "conflict", "This flow has no published version.");
    }
    if (!target.nodeId) {
      throw new WebhookRefusal(409, "conflict", "This flow's published version has no webhook trigger.");
    }
    if (!target.rateAllowed) {
      const retry = String(Math.max(1, target.retryAfterSeconds));
      throw new WebhookRefusal(
        429,
        "rate_limited",
        "Too many webhook calls for this flow. Try again shortly.",
        {
          "retry-after": retry,
        },
      );
    }
    const kind = bodyKind(req.headers.get("content-type"));
    if (!kind) {
      throw new WebhookRefusal(
        415,
        "unsupported_media_type",
        "Send application/json, application/x-www-form-urlencoded or text/plain.",
      );
    }
    const dedupeKey = deliveryId(req.headers);
    const raw = await readCappedBody(req);
    const now = deps.now?.() ?? new Date();
    if (target.secretEnc) {
      await verifySignature(await deps.decryptSecret(target), req.headers.get(SIGNATURE_HEADER), raw, now);
    }
    const body = parseBody(kind, raw);
    const url = new URL(req.url);
    const input = {
      body,
      headers: visibleHeaders(req.headers),
      query: Object.fromEntries(url.searchParams),
      method: req.method,
      receivedAt: now.toISOString(),
    };
    const run = await deps.enqueue({
      workspaceId: target.workspaceId,
      flowId: target.flowId,
      nodeId: target.nodeId,
      input,
      dedupeKey,
    });
    const { wait, timeoutMs } = waitConfig(target.nodeConfig);
    if (wait && deps.waitForResponse) {
      const spec = await deps.waitForResponse(run.runId, timeoutMs);
      if (spec) return responseFrom(spec, run.runId);
    }
    return json(
      202,
      { runId: run.runId, status: run.status, created: run.created },
      { "x-flow-run-id": run.runId },
    );
  } catch (e) {
    if (e instanceof WebhookRefusal) return refusalResponse(e);
    throw e;
  }
}
