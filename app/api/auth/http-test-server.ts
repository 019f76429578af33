// Test-only: route handlers behind a real HTTP server, through the same bridge
// the production app server uses (node-bridge.ts), so forwarded headers, the
// client address and streamed responses are what a deployed instance sees.
import http from "node:http";
import type { AddressInfo } from "node:net";
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
