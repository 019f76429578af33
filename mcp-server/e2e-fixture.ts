// What e2e/mcp-inspector.spec.ts needs, seeded by scripts/e2e-server.ts into
// its throwaway database: a workspace with an owner, two API keys, a product
// and a conversation. Written to a JSON file the spec reads.
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { createAgent } from "../lib/agents";
import { createApiKey } from "../lib/api-keys";
import { createProduct } from "../lib/catalog";
import { startConversation } from "../lib/conversations";
import { closeDb } from "../lib/db/client";
import { type JwtClaims, runAsService, runAsUser } from "../lib/db/rls";

export interface McpE2eFixture {
  mcpUrl: string;
  databaseUrl: string;
  workspaceId: string;
  /** write + every group. */
  key: string;
  /** read + catalog only. */
  catalogReaderKey: string;
  productId: string;
  conversationId: string;
}

/** Where the fixture for the e2e server on `webPort` lives; the spec computes the same path. */
export function mcpFixturePath(webPort: string | number): string {
  return path.join(os.tmpdir(), `switchboard-e2e-mcp-${webPort}.json`);
}

/** Needs DATABASE_URL in process.env pointing at `databaseUrl` (lib/ reads it). */
export async function seedMcpE2eFixture(opts: { databaseUrl: string; mcpUrl: string; file: string }) {
  const email = `mcp-e2e-${Date.now()}@example.test`;
  const user = await runAsService("e2e:mcp-fixture", (tx) =>
    tx
      .insertInto("auth.users")
      .values({ email, email_confirmed_at: new Date() })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
  const claims: JwtClaims = { sub: user.id, role: "authenticated", email };
  const ws = await runAsUser(claims, (tx) =>
    sql<{ id: string }>`select id from public.create_workspace('MCP e2e', ${`mcp-e2e-${Date.now()}`})`
      .execute(tx)
      .then((r) => r.rows[0]),
  );
  if (!ws) throw new Error("create_workspace returned no row");
  const scope = { claims, workspaceId: ws.id };
  const key = await createApiKey(scope, {
    name: "inspector",
    scopes: ["write", "agents", "chat", "conversations", "catalog", "usage"],
  });
  const reader = await createApiKey(scope, { name: "inspector reader", scopes: ["read", "catalog"] });
  const product = await createProduct(scope, { sku: "E2E-MUG", name: "E2E mug", price: 9.5, stock: 20 });
  const agent = await createAgent(scope, { name: "E2E agent" });
  const conversation = await startConversation(scope, { agentId: agent.id, title: "E2E" });
  const fixture: McpE2eFixture = {
    mcpUrl: opts.mcpUrl,
    databaseUrl: opts.databaseUrl,
    workspaceId: ws.id,
    key: key.secret,
    catalogReaderKey: reader.secret,
    productId: product.id,
    conversationId: conversation.id,
  };
  await writeFile(opts.file, JSON.stringify(fixture, null, 2), { mode: 0o600 });
  await closeDb();
  return fixture;
}
