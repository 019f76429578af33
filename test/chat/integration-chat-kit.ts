// Test-only: a workspace with an OpenAI-compatible fake model and a local MCP
// server, helpers to run a chat turn and read back what it stored, and a
// capture of everything the logger writes (after redaction).
import pino from "pino";
import { createAgent } from "../../lib/agents/index";
import { closeDb, type Database } from "../../lib/db/client";
import { createIntegration, setIntegrationGrants } from "../../lib/integrations/index";
import { logger } from "../../lib/logger";
import { flushMcpCalls } from "../../lib/mcp-activity/index";
import { createProviderConnection } from "../../lib/providers/index";
import {
  asService,
  conversationMessages,
  openDb,
  type SeedWorkspace,
  seedWorkspace,
} from "../db/workspace-kit";
import { startTestMcpServer, type TestMcpServer } from "../fakes/mcp-server-fake";
import { type OpenAICompatibleFake, startOpenAICompatibleFake } from "../fakes/openai-compatible-fake";
import { runChatTurn } from "./chat-turn-kit";

export const KIT_SECRET = "sk-mcp-orders-5d1e8b7a90c4";

export interface ChatKit {
  db: Database;
  ws: SeedWorkspace;
  fake: OpenAICompatibleFake;
  mcp: TestMcpServer;
  /** Every line the logger wrote since the kit started, at debug level and up. */
  logs: string[];
  admin(): { claims: SeedWorkspace["users"]["admin"]["claims"]; workspaceId: string };
  member(): { claims: SeedWorkspace["users"]["member"]["claims"]; workspaceId: string };
  connectionId: string;
  chat(agentId: string, text: string): Promise<ChatOutcome>;
  agentWith(
    name: string,
    url: string,
    tools: string[],
    extra?: { timeoutMs?: number },
  ): Promise<{
    integration: Awaited<ReturnType<typeof createIntegration>>;
    agent: Awaited<ReturnType<typeof createAgent>>;
  }>;
  stop(): Promise<void>;
}

export type ChatOutcome = Awaited<ReturnType<typeof readTurn>> & { body: string };

async function readTurn(db: Database, conversationId: string) {
  const rows = await conversationMessages(db, conversationId);
  const calls = await asService(db, (tx) =>
    tx
      .selectFrom("mcp_calls")
      .selectAll()
      .where("conversation_id", "=", conversationId)
      .orderBy("id")
      .execute(),
  );
  return { conversationId, rows, reply: rows[1], parts: JSON.stringify(rows[1]?.parts), calls };
}

function captureLogs(logs: string[]): () => void {
  const stream = (logger as unknown as Record<symbol, { write: (s: string) => boolean }>)[
    pino.symbols.streamSym
  ] as { write: (s: string) => boolean };
  const write = stream.write;
  const level = logger.level;
  stream.write = (s: string) => {
    logs.push(String(s));
    return true;
  };
  logger.level = "debug";
  return () => {
    stream.write = write;
    logger.level = level;
  };
}

export async function startChatKit(label: string): Promise<ChatKit> {
  const db = openDb();
  const [fake, mcp] = await Promise.all([startOpenAICompatibleFake(), startTestMcpServer()]);
  process.env.SSRF_ALLOWLIST = "127.0.0.1";
  const ws = await seedWorkspace(db, label);
  const admin = () => ({ claims: ws.users.admin.claims, workspaceId: ws.id });
  const member = () => ({ claims: ws.users.member.claims, workspaceId: ws.id });
  const connection = await createProviderConnection(admin(), {
    provider: "openai_compatible",
    name: "Fake",
    baseUrl: fake.baseUrl,
    models: ["fake-model"],
  });
  const logs: string[] = [];
  const restore = captureLogs(logs);
  return {
    db,
    ws,
    fake,
    mcp,
    logs,
    admin,
    member,
    connectionId: connection.id,
    async chat(agentId, text) {
      const { body, conversationId } = await runChatTurn(
        member(),
        { agentId, trigger: "submit", text },
        { workspaceSlug: ws.slug },
      );
      await flushMcpCalls();
      return { body, ...(await readTurn(db, conversationId)) };
    },
    /** An agent on the fake model, granted `tools` of a new bearer integration at `url`. */
    async agentWith(name, url, tools, extra = {}) {
      const integration = await createIntegration(admin(), {
        name,
        url,
        authType: "bearer",
        secret: KIT_SECRET,
        ...extra,
      });
      const agent = await createAgent(member(), {
        name: `${name} bot`,
        providerConnectionId: connection.id,
        model: "fake-model",
        maxSteps: 4,
      });
      await setIntegrationGrants(admin(), integration.id, { grants: [{ agentId: agent.id, tools }] });
      return { integration, agent };
    },
    async stop() {
      restore();
      await Promise.all([fake.stop(), mcp.stop()]);
      await db.destroy();
      await closeDb();
    },
  };
}
