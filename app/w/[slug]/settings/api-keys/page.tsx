import { existsSync } from "node:fs";
import path from "node:path";
import type { Metadata } from "next";
import { requireWorkspaceAdmin } from "@/app/_lib/session";
import { env } from "@/lib/env";
import { ApiKeysView } from "./api-keys-view";
import type { ConnectConfig } from "./connect-assistant";

export const metadata: Metadata = { title: "API keys" };

/** Only public facts reach the browser: URLs and the checkout path, never DATABASE_URL or other secrets. */
function connectConfig(): ConnectConfig {
  const e = env();
  const repo = process.cwd();
  return {
    mcpUrl: e.MCP_PUBLIC_URL ?? `http://127.0.0.1:${e.MCP_PORT}/mcp`,
    appUrl: e.APP_URL,
    // The stdio form only works where the entry point really is.
    stdioRepoPath: existsSync(path.join(repo, "mcp-server", "stdio.ts")) ? repo : undefined,
  };
}

export default async function ApiKeysPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await requireWorkspaceAdmin(slug, "/settings/api-keys");
  return <ApiKeysView connect={connectConfig()} />;
}
