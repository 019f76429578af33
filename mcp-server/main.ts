// `npm run mcp`: the MCP server over Streamable HTTP (stateless), a sibling
// of the web app and the worker over the same lib/ and database.
import "./boot-env";
import { closeDb } from "../lib/db/client";
import { EnvError, env } from "../lib/env";
import { logger } from "../lib/logger";
import { startMcpHttpServer } from "./http";

let e: ReturnType<typeof env>;
try {
  e = env();
} catch (err) {
  if (err instanceof EnvError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
if (!e.DATABASE_URL) {
  console.error("DATABASE_URL is not set. Start `npm run dev` (embedded database) or set DATABASE_URL.");
  process.exit(1);
}

const server = await startMcpHttpServer({ host: e.MCP_HOST, port: e.MCP_PORT });
console.log(`[mcp] Streamable HTTP on ${e.MCP_PUBLIC_URL ?? server.url}`);
if (!["127.0.0.1", "localhost", "::1"].includes(e.MCP_HOST) && !e.MCP_ALLOWED_HOSTS) {
  logger.warn(
    { host: e.MCP_HOST },
    "mcp: bound beyond loopback, but only loopback Host headers are allowed; set MCP_ALLOWED_HOSTS",
  );
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "mcp: shutting down");
  try {
    await server.close(); // waits for requests in flight, then flushes the activity log
    await closeDb();
    process.exit(0);
  } catch (err) {
    logger.error({ err }, "mcp: shutdown failed");
    process.exit(1);
  }
}
process.once("SIGINT", () => void shutdown("SIGINT"));
process.once("SIGTERM", () => void shutdown("SIGTERM"));
