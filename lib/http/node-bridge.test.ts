import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { rawHttp } from "@/test/http/raw-http-kit";
import { logger } from "../logger";
import { setTrustedProxies } from "./client-ip";
import { clientIp } from "./handler";
import {
  answerClientError,
  malformedRequest,
  refuseMalformed,
  sendWebResponse,
  toWebRequest,
} from "./node-bridge";

// The bridge the app server's direct routes use, over real sockets: what the
// handler sees of the request, and what the client gets of the response.

let server: http.Server | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  setTrustedProxies(undefined);
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

async function serve(handler: (req: Request) => Promise<Response>): Promise<string> {
  server = http.createServer({ requireHostHeader: false }, (req, res) => {
    // As server/app-server.ts does: nothing builds a URL from a request that makes none.
    const malformed = malformedRequest(req);
    if (malformed) return refuseMalformed(req, res, malformed);
    void handler(toWebRequest(req, res)).then((response) => sendWebResponse(res, response, EXTRA));
  });
  server.on("clientError", (err, socket) => answerClientError(err, socket));
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const EXTRA = [{ key: "X-Content-Type-Options", value: "nosniff" }];

describe("toWebRequest", () => {
  it("gives the handler the method, URL, headers and streamed body, with x-forwarded-* filled in like Next", async () => {
    let seen:
      | { method: string; url: string; body: string; headers: Record<string, string>; ip?: string }
      | undefined;
    const base = await serve(async (req) => {
      seen = {
        method: req.method,
        url: req.url,
        body: await req.text(),
        headers: Object.fromEntries(req.headers),
        ip: clientIp(req),
      };
      return new Response(null, { status: 204 });
    });
    const res = await fetch(`${base}/api/x?q=1`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: "a=1; b=2" },
      body: JSON.stringify({ hello: "wörld" }),
    });
    expect(res.status).toBe(204);
    expect(seen).toMatchObject({
      method: "POST",
      url: `${base}/api/x?q=1`,
      body: '{"hello":"wörld"}',
      ip: "127.0.0.1",
      headers: {
        "content-type": "application/json",
        cookie: "a=1; b=2",
        "x-forwarded-proto": "http",
        "x-forwarded-for": "127.0.0.1",
        "x-forwarded-host": base.slice("http://".length),
      },
    });
  });

  it("keeps what a trusted proxy set: x-forwarded-for and -proto are not overwritten", async () => {
    setTrustedProxies("loopback");
    let ip: string | undefined;
    let proto: string | null = null;
    const base = await serve(async (req) => {
      ip = clientIp(req);
      proto = req.headers.get("x-forwarded-proto");
      return new Response("ok");
    });
    await fetch(base, {
      headers: { "x-forwarded-for": "203.0.113.7, 198.51.100.2", "x-forwarded-proto": "https" },
    });
    expect([ip, proto]).toEqual(["198.51.100.2", "https"]);
  });

  it("replaces what an untrusted client claims with what the socket says", async () => {
    setTrustedProxies(undefined);
    let seen: { ip?: string; headers: Record<string, string> } | undefined;
    const base = await serve(async (req) => {
      seen = { ip: clientIp(req), headers: Object.fromEntries(req.headers) };
      return new Response("ok");
    });
    await fetch(base, {
      headers: {
        "x-forwarded-for": "203.0.113.7",
        "x-forwarded-proto": "https",
        "x-real-ip": "203.0.113.8",
        forwarded: "for=203.0.113.9",
        "x-switchboard-client-ip": "203.0.113.10",
      },
    });
    expect(seen?.ip).toBe("127.0.0.1");
    expect(seen?.headers).toMatchObject({
      "x-forwarded-for": "127.0.0.1",
      "x-forwarded-proto": "http",
      "x-switchboard-client-ip": "127.0.0.1",
    });
    expect(seen?.headers["x-real-ip"]).toBeUndefined();
    expect(seen?.headers.forwarded).toBeUndefined();
  });
});

describe("sendWebResponse", () => {
  it("sends the status, the headers, every Set-Cookie separately, and the security headers", async () => {
    const base = await serve(async () => {
      const headers = new Headers({ "content-type": "application/json", "x-request-id": "r1" });
      headers.append("set-cookie", "a=1; Path=/; HttpOnly");
      headers.append("set-cookie", "b=2; Path=/");
      return new Response(JSON.stringify({ error: { code: "validation_failed" } }), { status: 400, headers });
    });
    const res = await fetch(base);
    expect(res.status).toBe(400);
    expect(res.headers.get("x-request-id")).toBe("r1");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.getSetCookie()).toEqual(["a=1; Path=/; HttpOnly", "b=2; Path=/"]);
    expect(await res.json()).toEqual({ error: { code: "validation_failed" } });
  });

  it("streams: the client reads the first chunk before the handler has produced the second", async () => {
    let firstSeen!: () => void;
    const clientHasFirst = new Promise<void>((resolve) => {
      firstSeen = resolve;
    });
    const base = await serve(async () => {
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(new TextEncoder().encode("data: one\n\n"));
          await clientHasFirst; // would never resolve if the bridge buffered the body
          controller.enqueue(new TextEncoder().encode("data: two\n\n"));
          controller.close();
        },
      });
      return new Response(body, { headers: { "content-type": "text/event-stream" } });
    });
    const reader = (await fetch(base)).body?.getReader();
    if (!reader) throw new Error("no body");
    const decoder = new TextDecoder();
    expect(decoder.decode((await reader.read()).value)).toBe("data: one\n\n");
    firstSeen();
    let rest = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      rest += decoder.decode(value);
    }
    expect(rest).toBe("data: two\n\n");
  });

  it("cancels the body and aborts the request's signal when the client goes away mid-stream", async () => {
    let cancelled!: (reason: unknown) => void;
    const wasCancelled = new Promise((resolve) => {
      cancelled = resolve;
    });
    let signal: AbortSignal | undefined;
    const base = await serve(async (req) => {
      signal = req.signal;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode("first"));
        },
        cancel(reason) {
          cancelled(reason);
        },
      });
      return new Response(body);
    });
    const client = new AbortController();
    const res = await fetch(base, { signal: client.signal });
    const reader = res.body?.getReader();
    await reader?.read();
    client.abort();
    await wasCancelled;
    expect(signal?.aborted).toBe(true);
  });
});

const rawRequest = rawHttp;

const request = (target: string, headers: string, method = "POST") =>
  `${method} ${target} HTTP/1.1\r\n${headers}Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`;

describe("requests that make no URL", () => {
  it("answers every malformed Host and target with a JSON 400 and one log line, never reaching the handler", async () => {
    const reached: string[] = [];
    const base = await serve(async (req) => {
      reached.push(req.url);
      return new Response("handled");
    });
    const host = `Host: ${new URL(base).host}\r\n`;
    const cases: [string, string][] = [
      ["Host: a b", request("/api/x", "Host: a b\r\n")],
      ["empty Host", request("/api/x", "Host: \r\n")],
      ["Host with userinfo", request("/api/x", "Host: user@evil.example\r\n")],
      ["Host with a path", request("/api/x", "Host: a/b\r\n")],
      ["port over 65535", request("/api/x", "Host: a:99999\r\n")],
      ["unclosed IPv6", request("/api/x", "Host: [::1\r\n")],
      ["bad IPv4", request("/api/x", "Host: 1.2.3.256\r\n")],
      ["latin-1 Host", request("/api/x", "Host: caf\xe9\r\n")],
      ["two Hosts", request("/api/x", `${host}Host: other.example\r\n`)],
      ["bad %-escape", request("/api/%ZZ", host)],
      ["truncated %-escape", request("/api/x%4", host)],
      ["asterisk-form", request("*", host, "OPTIONS")],
      ["absolute-form, bad host", request("http://a b/api/x", host)],
      ["absolute-form, other scheme", request("ftp://example.com/api/x", host)],
      ["absolute-form, userinfo", request("http://u:p@example.com/api/x", host)],
    ];
    const info = vi.spyOn(logger, "info");
    for (const [name, text] of cases) {
      info.mockClear();
      const res = await rawRequest(base, text);
      expect({ name, status: res.status }).toEqual({ name, status: 400 });
      expect(res.head).toMatch(/content-type: application\/json/i);
      const body = JSON.parse(res.body) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("bad_request");
      expect(body.error.message.length).toBeGreaterThan(10);
      expect(info).toHaveBeenCalledTimes(1);
      expect(JSON.stringify(info.mock.calls[0])).not.toMatch(/stack|\bat \S+ \(/);
    }
    expect(reached).toEqual([]);
  });

  it("keeps a //-path a path on the request's own host, and takes an absolute-form target's host as RFC 9112 says", async () => {
    const seen: { url: string; host: string | null }[] = [];
    const base = await serve(async (req) => {
      seen.push({ url: req.url, host: req.headers.get("host") });
      return new Response(null, { status: 204 });
    });
    const host = new URL(base).host;
    expect((await rawRequest(base, request("//evil.example/api/x?q=%ZZ", `Host: ${host}\r\n`))).status).toBe(
      204,
    );
    expect(
      (await rawRequest(base, request("http://example.com:8080/api/x?q=1", `Host: ${host}\r\n`))).status,
    ).toBe(204);
    expect(seen).toEqual([
      { url: `http://${host}//evil.example/api/x?q=%ZZ`, host },
      { url: "http://example.com:8080/api/x?q=1", host: "example.com:8080" },
    ]);
  });

  it("answers what Node's parser rejects with a JSON 400 (431 for huge headers), not a bare one", async () => {
    const base = await serve(async () => new Response("handled"));
    const host = `Host: ${new URL(base).host}\r\n`;
    for (const text of [
      `GET /api/x HTTP/1.1\r\n${host}X-A: a\x01b\r\n\r\n`,
      "GET /api/x HTTP/1.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
      `GET \\\\evil HTTP/1.1\r\n${host}\r\n`,
      `POST /api/x HTTP/1.1\r\n${host}Transfer-Encoding: chunked\r\n\r\nZZ\r\nabc\r\n0\r\n\r\n`,
    ]) {
      const res = await rawRequest(base, text);
      expect({ text, status: res.status }).toEqual({ text, status: 400 });
      expect(res.head, text).toMatch(/content-type: application\/json/i);
      expect(JSON.parse(res.body)).toEqual({ error: { code: "bad_request", message: expect.any(String) } });
    }
    const huge = await rawRequest(base, `GET /api/x HTTP/1.1\r\n${host}X-Big: ${"a".repeat(20_000)}\r\n\r\n`);
    expect(huge.status).toBe(431);
    expect(JSON.parse(huge.body).error.code).toBe("bad_request");
  });
});

describe("request bodies left unread", () => {
  const upload = (url: string, bytes: number) =>
    fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: `"${"x".repeat(bytes)}"`,
    }).then(
      (res) => String(res.status),
      (e: Error) => `${e.message}: ${String((e.cause as { code?: string } | undefined)?.code)}`,
    );

  it("gets the client the answer when the handler stops reading early (a 413) or never reads (a 401)", async () => {
    const base = await serve(async (req) => {
      if (req.headers.get("authorization") === null && new URL(req.url).searchParams.has("auth"))
        return new Response(null, { status: 401 });
      const reader = req.body?.getReader();
      await reader?.read();
      await reader?.cancel(); // what a capped reader does past its cap
      return new Response(null, { status: 413 });
    });
    const outcomes: Record<string, number> = {};
    for (let i = 0; i < 20; i++) {
      for (const o of [
        await upload(`${base}/api/x`, 4_000_000),
        await upload(`${base}/api/x?auth`, 4_000_000),
      ])
        outcomes[o] = (outcomes[o] ?? 0) + 1;
    }
    expect(outcomes).toEqual({ "413": 20, "401": 20 });
  });
});
