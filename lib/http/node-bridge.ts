import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { logger } from "../logger";
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
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(req.url ?? "/", `http://${host}`), {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    signal: aborted.signal,
    // Node's fetch requires it for a streamed request body.
    duplex: "half",
  } as RequestInit);
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
