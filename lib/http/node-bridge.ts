import { type IncomingMessage, type ServerResponse, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { logger } from "../logger";
import { DRAIN_CEILING_BYTES } from "./body";
import { applyForwarding } from "./client-ip";

/**
 * The Web Request a route handler gets for a Node request, built the way Next
 * builds it for `next start`, except that x-forwarded-* headers are kept only
 * from a trusted proxy (client-ip.ts), else they say what the socket says. Its signal aborts
 * when the client goes away before the response is finished.
 */
export function toWebRequest(req: IncomingMessage, res: ServerResponse): Request {
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    headers.append(req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string);
  }
  const host = headers.get("host") ?? "localhost";
  // Forwarded headers from a client that is not a trusted proxy are replaced by the socket's facts.
  applyForwarding(headers, {
    peer: req.socket.remoteAddress,
    encrypted: (req.socket as { encrypted?: boolean }).encrypted === true,
    localPort: req.socket.localPort,
    host,
  });

  const aborted = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) aborted.abort();
  });
  const body = req.method !== "GET" && req.method !== "HEAD" ? bodyStream(req) : undefined;
  // Whatever of the body the handler leaves unread is read and dropped once it has answered.
  if (body) res.once("finish", body.release);
  return new Request(requestUrl(req, host), {
    method: req.method,
    headers,
    body: body?.stream,
    signal: aborted.signal,
    // Node's fetch requires it for a streamed request body.
    duplex: "half",
  } as RequestInit);
}

/**
 * The request's URL. An origin-form target is appended to the origin, not
 * resolved against it: resolved, "//evil.example/x" would name another host.
 * Throws when the Host or the target makes no URL: see malformedRequest.
 */
function requestUrl(req: IncomingMessage, host: string): URL {
  const target = req.url ?? "/";
  return target.startsWith("/") ? new URL(`http://${host}${target}`) : new URL(target);
}

/**
 * The body as a Web stream. Unlike Readable.toWeb, cancelling it does not
 * destroy the socket (which reset it under the client's upload, so the client
 * saw ECONNRESET instead of the answer, e.g. a 413), and neither does
 * answering without reading it: `release` reads the rest and drops it.
 */
function bodyStream(req: IncomingMessage): { stream: ReadableStream<Uint8Array>; release(): void } {
  let open = true;
  let delivered = 0;
  const onData = (chunk: Buffer) => {
    delivered += chunk.byteLength;
    controller.enqueue(chunk);
    if ((controller.desiredSize ?? 0) <= 0) req.pause();
  };
  const release = () => {
    if (!open) return;
    open = false;
    req.off("data", onData);
    discardRest(req, DRAIN_CEILING_BYTES - delivered);
  };
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        req.on("data", onData);
        req.once("end", () => {
          if (open) controller.close();
          open = false;
        });
        req.once("error", (err) => {
          if (open) controller.error(err);
          open = false;
        });
      },
      pull() {
        req.resume();
      },
      cancel: release,
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
  return { stream, release };
}

/**
 * Reads what is left of the request body and drops it, so a client still
 * uploading receives the answer; past `left` more bytes the connection is cut.
 */
function discardRest(req: IncomingMessage, left: number): void {
  if (req.complete || req.destroyed) return;
  req.on("data", (chunk: Buffer) => {
    left -= chunk.byteLength;
    if (left < 0) req.socket.destroy();
  });
  req.resume();
}

const ESCAPE = /%(?![0-9A-Fa-f]{2})/;
// A registered name, IPv4 or [IPv6], and a port: what a URL's host can be.
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~-]+)(?::\d{1,5})?$/;

function validHost(host: string): boolean {
  if (!HOST.test(host)) return false;
  try {
    new URL(`http://${host}/`);
    return true;
  } catch {
    return false; // e.g. a port over 65535, or "1.2.3.256"
  }
}

/**
 * Why a request cannot be served, or undefined: its Host header or request
 * target makes no URL (Node accepts `Host: a b`, `new URL` does not), or the
 * path has a %-escape no route can decode. An absolute-form target
 * ("POST http://host/path") is rewritten to origin-form with its authority as
 * the Host, as RFC 9112 §3.2.2 says, so what follows sees one kind of request.
 * Use with a server created with `requireHostHeader: false`.
 */
export function malformedRequest(req: IncomingMessage): string | undefined {
  const hosts: string[] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    if ((req.rawHeaders[i] as string).toLowerCase() === "host") hosts.push(req.rawHeaders[i + 1] as string);
  }
  if (hosts.length > 1) return "The request has more than one Host header.";
  // Node's own check (requireHostHeader) answers with a bare 400; servers turn it off for this one.
  if (hosts.length === 0 && req.httpVersion !== "1.0") return "The request has no Host header.";
  if (hosts[0] !== undefined && !validHost(hosts[0])) return "The Host header is not a valid host name.";
  const target = req.url ?? "";
  if (!target.startsWith("/")) {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      return "The request target must be a path.";
    }
    if (!["http:", "https:"].includes(url.protocol) || url.username || url.password || !validHost(url.host))
      return "The request target must be a path or an http(s) URL with a valid host.";
    req.url = url.pathname + url.search;
    setHost(req, url.host);
  }
  const path = (req.url ?? "").split("?", 1)[0] ?? "";
  if (ESCAPE.test(path)) return "The path has a malformed %-escape.";
  return undefined;
}

function setHost(req: IncomingMessage, host: string): void {
  req.headers.host = host;
  const raw = req.rawHeaders;
  const at = raw.findIndex((name, i) => i % 2 === 0 && name.toLowerCase() === "host");
  if (at >= 0) raw[at + 1] = host;
  else raw.push("Host", host);
}

/** The 400 for a malformed request, as the API's errors look, with one log line. */
export function refuseMalformed(req: IncomingMessage, res: ServerResponse, message: string): void {
  logger.info(
    { method: req.method, target: req.url?.slice(0, 200), code: "bad_request", reason: message },
    "http: malformed request refused",
  );
  res.statusCode = 400;
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ error: { code: "bad_request", message } }));
}

type ClientError = Error & { code?: string };

/**
 * The answer to a request Node's HTTP parser rejects (a server's
 * "clientError"): the status Node would send (400, 431, 408), but with a JSON
 * body built by `body`, and one log line instead of nothing.
 */
export function answerClientError(
  err: ClientError,
  socket: Duplex,
  body: (status: number, message: string) => string = (_status, message) =>
    JSON.stringify({ error: { code: "bad_request", message } }),
): void {
  const started = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
  if (err.code === "ECONNRESET" || !socket.writable || started) {
    socket.destroy();
    return;
  }
  const [status, message] =
    err.code === "HPE_HEADER_OVERFLOW"
      ? [431, "The request headers are too large."]
      : err.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, "The request took too long to arrive."]
        : [400, "The request is not valid HTTP/1.1."];
  logger.info({ code: err.code, status }, "http: unparseable request refused");
  const text = body(status, message);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
  );
}

/**
 * Writes a Web Response to a Node response, streaming the body chunk by chunk
 * (no buffering: a chat reply must reach the browser as it is generated). If the
 * client goes away, the body stream is cancelled, as Next does.
 */
export async function sendWebResponse(
  res: ServerResponse,
  response: Response,
  extraHeaders: readonly { key: string; value: string }[] = [],
): Promise<void> {
  for (const { key, value } of extraHeaders) res.setHeader(key, value);
  const cookies = response.headers.getSetCookie();
  response.headers.forEach((value, key) => {
    if (key !== "set-cookie") res.setHeader(key, value);
  });
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  res.statusCode = response.status;
  if (!response.body) {
    res.end();
    return;
  }
  // No flushHeaders(): the first chunk carries the headers in the same write.
  const reader = response.body.getReader();
  const cancel = () => {
    reader.cancel().catch(() => undefined);
  };
  res.once("close", cancel);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) return;
      // Backpressure: wait for the socket to drain (or close) before reading more.
      if (!res.write(value)) await drainedOrClosed(res);
    }
    res.end();
  } catch (err) {
    // The stream failed after the headers went out: all that is left is to cut the response.
    logger.warn({ err }, "http: response stream failed mid-body");
    res.destroy();
  } finally {
    res.off("close", cancel);
  }
}

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.once("drain", done);
    res.once("close", done);
  });
}
