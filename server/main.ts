// The production app server: Next.js for everything, except the routes in
// direct-routes.ts, which it serves with the same handlers but without Next's
// router (see docs/architecture.md). `npm run dev` keeps `next dev`, so code
// edits hot-reload; there every route goes through Next.
//
//   node --import tsx server/main.ts [--port 3000] [--hostname 0.0.0.0]
import { parseArgs } from "node:util";
import { securityHeaders } from "../security-headers.mjs";
import { createAppServer } from "./app-server";
import { directRoutes } from "./direct-routes";

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

const server = createAppServer({ routes, next: handle, headers });
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
