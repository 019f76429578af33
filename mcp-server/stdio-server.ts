import type { Writable } from "node:stream";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { authenticateApiKey } from "../lib/api-keys";
import { closeDb } from "../lib/db/client";
import { EnvError, env } from "../lib/env";
import { toAppError } from "../lib/errors";
import { logger } from "../lib/logger";
import { flushMcpCalls } from "../lib/mcp-activity";
import { connectChecked } from "./json-rpc-guard";
import { createMcpServer } from "./server";
import { toolset } from "./tools/toolset";

function fail(message: string): never {
  console.error(`[mcp] ${message}`);
  process.exit(1);
}

/** Serves MCP on stdin/`out` until the client closes stdin or a signal arrives. */
export async function runStdio(out: Writable): Promise<void> {
  try {
    if (!env().DATABASE_URL)
      fail("DATABASE_URL is not set (or start `npm run dev` for the embedded database).");
  } catch (e) {
    if (e instanceof EnvError) fail(e.message);
    throw e;
  }
  const secret = process.env.SWITCHBOARD_API_KEY?.trim();
  if (!secret) fail("SWITCHBOARD_API_KEY is not set: create a key in Settings → API keys.");
  // Checked once up front so a wrong key is reported at start-up, where clients show it.
  try {
    await authenticateApiKey(secret);
  } catch (e) {
    const err = toAppError(e);
    if (err.status >= 500) logger.error({ err: e }, "mcp: checking the API key failed");
    fail(err.message);
  }

  const server = createMcpServer({
    transport: "stdio",
    // Every request re-checks the key: a revoked key stops working on its next call.
    principal: () => authenticateApiKey(secret),
    tools: toolset({ benchNoop: process.env.MCP_BENCH_NOOP === "1" }),
  });
  await connectChecked(server, new StdioServerTransport(process.stdin, out));
  logger.info("mcp: serving on stdio");

  let stopping = false;
  const shutdown = async (why: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ why }, "mcp: stdio shutting down");
    try {
      await server.close();
      await flushMcpCalls();
      await closeDb();
      process.exit(0);
    } catch (err) {
      logger.error({ err }, "mcp: shutdown failed");
      process.exit(1);
    }
  };
  process.stdin.once("end", () => void shutdown("stdin closed"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}
