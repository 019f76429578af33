// The production app server: Next.js for everything, except the routes in
// direct-routes.ts, which it serves with the same handlers but without Next's
// router (see docs/architecture.md). `npm run dev` keeps `next dev`, so code
// edits hot-reload; there every route goes through Next.
//
//   node --import tsx server/main.ts [--port 3000] [--hostname 0.0.0.0]
import http from "node:http";
import { parseArgs } from "node:util";
import { secureNodeRequest } from "../lib/http/client-ip";
import { sendWebResponse, toWebRequest } from "../lib/http/node-bridge";
import { logger } from "../lib/logger";
import { securityHeaders } from "../security-headers.mjs";
import { directRoutes, matchDirectRoute } from "./direct-routes";

(process.env as Record<string, string | undefined>).NODE_ENV ??= "production";
const { values } = parseArgs({
  options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } },
});
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = values.hostname ?? process.env.HOSTNAME;

// Replies keep being generated and stored after their response ends: let them finish on shutdown.
const pending = new Set<Promise<unknown>>();
const waitUntil = (p: Promise<unknown>) => {
  pending.add(p);
  p.finally(() => pending.delete(p));
};
const routes = directRoutes(waitUntil);
const headers = securityHeaders(process.env);

const { default: next } = await import("next");
const app = next({ dev: false, dir: process.cwd(), hostname: hostname ?? "localhost", port });
await app.prepare();
const handle = app.getRequestHandler();

const server = http.createServer((req, res) => {
  const direct = matchDirectRoute(routes, req.method, req.url);
  if (!direct) {
    secureNodeRequest(req);
    void handle(req, res);
    return;
  }
  const request = toWebRequest(req, res);
  direct.route
    .handler(request, { params: Promise.resolve(direct.params) })
    .then((response) => sendWebResponse(res, response, headers))
    .catch((err: unknown) => {
      // The handlers answer their own errors; this is a bug or a broken socket.
      logger.error({ err, path: req.url }, "server: direct route failed");
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader("content-type", "application/json");
        res.end(
          JSON.stringify({ error: { code: "internal", message: "Something went wrong on our side." } }),
        );
      } else res.destroy();
    });
});
server.listen(port, hostname, () => {
  console.log(`[web] ready on http://${hostname ?? "localhost"}:${port}`);
});

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  server.close();
  server.closeIdleConnections();
  const deadline = new Promise((resolve) => setTimeout(resolve, 10_000).unref());
  await Promise.race([Promise.allSettled([...pending]), deadline]);
  await app.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown());
process.on("SIGINT", () => void shutdown());
