import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { setTrustedProxies } from "./client-ip";
import { clientIp } from "./handler";
import { sendWebResponse, toWebRequest } from "./node-bridge";

// The bridge the app server's direct routes use, over real sockets: what the
// handler sees of the request, and what the client gets of the response.

let server: http.Server | undefined;
afterEach(async () => {
  setTrustedProxies(undefined);
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

async function serve(handler: (req: Request) => Promise<Response>): Promise<string> {
  server = http.createServer((req, res) => {
    void handler(toWebRequest(req, res)).then((response) => sendWebResponse(res, response, EXTRA));
  });
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
