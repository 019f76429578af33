// Test-only: route handlers behind a real HTTP server, through the same bridge
// the production app server uses (node-bridge.ts), so forwarded headers, the
// client address and streamed responses are what a deployed instance sees.
import { randomInt } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { sendWebResponse, toWebRequest } from "@/lib/http/node-bridge";

type RouteFn = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface TestRoute {
  method: string;
  path: RegExp;
  handler: RouteFn;
}

export interface TestServer {
  url: string;
  stop(): Promise<void>;
}

export async function startTestServer(routes: TestRoute[]): Promise<TestServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?", 1)[0] ?? "/";
    for (const route of routes) {
      const m = req.method === route.method ? route.path.exec(path) : null;
      if (!m) continue;
      const request = toWebRequest(req, res);
      void route
        .handler(request, { params: Promise.resolve({ ...m.groups }) })
        .then((response) => sendWebResponse(res, response));
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The Cookie header a browser would send after these Set-Cookie headers. */
export function cookieHeader(res: Response, previous = ""): string {
  const jar = new Map(
    previous
      .split("; ")
      .filter(Boolean)
      .map((c) => [c.slice(0, c.indexOf("=")), c.slice(c.indexOf("=") + 1)] as const),
  );
  for (const line of res.headers.getSetCookie()) {
    const pair = line.split(";", 1)[0] ?? "";
    const name = pair.slice(0, pair.indexOf("="));
    const value = pair.slice(pair.indexOf("=") + 1);
    if (value === "" || /max-age=0\b/i.test(line)) jar.delete(name);
    else jar.set(name, value);
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
}

/** A loopback address of its own (127.x.y.z), so this test's per-address limits are not shared. */
export function ownLoopbackAddress(): string {
  return `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

/** fetch, from a chosen local address (Node's fetch cannot bind one): the socket peer the server sees. */
export function fetchFrom(localAddress: string) {
  return (url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
    new Promise<Response>((resolve, reject) => {
      const req = http.request(
        url,
        { method: init.method ?? "GET", headers: init.headers, localAddress },
        (res) => {
          const headers = new Headers();
          for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
            headers.append(res.rawHeaders[i] as string, res.rawHeaders[i + 1] as string);
          }
          const body = res.statusCode === 204 ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
          resolve(new Response(body, { status: res.statusCode, headers }));
        },
      );
      req.on("error", reject);
      req.end(init.body);
    });
}
