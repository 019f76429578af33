import { dynamicTool, jsonSchema, type ToolSet } from "ai";
import { sql } from "kysely";
import { runAsUser, type Tx } from "../db/rls";
import { logger } from "../logger";
import { recordMcpCall } from "../mcp-activity";
import type { ToolContext } from "../tools";
import { connectMcp, IntegrationCallError, type McpConnection, toIntegrationError } from "./client";
import type { CachedTool, IntegrationAuthType } from "./schema";
import { credentialHeaders, loadIntegrationSecret } from "./secret";
import { exposedToolName, toModelOutput } from "./tool-output";

/** An enabled integration with the tools one agent was granted (descriptions and schemas from the cache). */
export interface GrantedIntegration {
  id: string;
  name: string;
  slug: string;
  url: string;
  authType: IntegrationAuthType;
  authHeaderName: string | null;
  timeoutMs: number;
  tools: CachedTool[];
}

export interface IntegrationTools {
  tools: ToolSet;
  /** Closes the connections opened during the turn; never throws. */
  close(): Promise<void>;
}

export type IntegrationToolContext = ToolContext & { agentId: string };

/** One row of public.agent_granted_integrations(), the one definition of an agent's grants. */
export interface GrantedIntegrationRow {
  id: string;
  name: string;
  slug: string;
  url: string;
  auth_type: IntegrationAuthType;
  auth_header_name: string | null;
  timeout_ms: number;
  tools: CachedTool[];
}

export function toGrantedIntegrations(rows: GrantedIntegrationRow[]): GrantedIntegration[] {
  return rows
    .map((r) => ({
      id: r.id,
      name: r.name,
      slug: r.slug,
      url: r.url,
      authType: r.auth_type,
      authHeaderName: r.auth_header_name,
      timeoutMs: r.timeout_ms,
      tools: r.tools,
    }))
    .filter((r) => r.tools.length > 0);
}

/**
 * One statement, in the caller's transaction, as the calling user: RLS decides. Only granted tools that are still in the
 * cached list come back, so the chat never asks a server what it offers.
 */
export async function selectGrantedIntegrations(
  tx: Tx,
  workspaceId: string,
  agentId: string,
): Promise<GrantedIntegration[]> {
  const { rows } = await sql<{ granted: GrantedIntegrationRow[] }>`
    select public.agent_granted_integrations(${workspaceId}::uuid, ${agentId}::uuid) as granted`.execute(tx);
  return toGrantedIntegrations(rows[0]?.granted ?? []);
}

interface Session {
  conn: McpConnection;
  secret: string | null;
}

/**
 * AI SDK tools for the granted integrations. Nothing connects until the model
 * calls a tool: the first call of an integration opens its session (stored
 * credentials injected by the client's fetch), later calls in the turn reuse
 * it, and `close()` ends them all. A failure becomes a tool error the model
 * can read; every call is recorded in mcp_calls.
 */
export function integrationToolSet(
  granted: GrantedIntegration[],
  ctx: IntegrationToolContext,
): IntegrationTools {
  const sessions = new Map<string, Promise<Session>>();
  let closed = false;

  const sessionFor = (integration: GrantedIntegration, signal?: AbortSignal): Promise<Session> => {
    if (closed) return Promise.reject(new IntegrationCallError("closed", "The chat turn has ended."));
    let pending = sessions.get(integration.id);
    if (!pending) {
      pending = (async () => {
        const secret = await loadIntegrationSecret(ctx.workspaceId, integration.id).catch((e) => {
          throw toIntegrationError(e, null, "connect");
        });
        const conn = await connectMcp({
          url: integration.url,
          headers: credentialHeaders(integration, secret),
          timeoutMs: integration.timeoutMs,
          secret,
          signal,
        });
        return { conn, secret };
      })();
      // A failed connect is remembered for the turn: the next call fails fast instead of waiting again.
      sessions.set(integration.id, pending);
    }
    return pending;
  };

  const tools: ToolSet = {};
  const taken = new Set<string>();
  for (const integration of granted) {
    for (const cached of integration.tools) {
      const name = exposedToolName(integration.slug, cached.name, taken);
      taken.add(name);
      tools[name] = dynamicTool({
        description: `[${integration.name}] ${cached.description}`.trim(),
        inputSchema: jsonSchema(cached.inputSchema as Parameters<typeof jsonSchema>[0]),
        execute: async (input, { abortSignal }) => {
          const args = input && typeof input === "object" ? (input as Record<string, unknown>) : {};
          const started = performance.now();
          const record = (status: "ok" | "error", errorCode: string | null) =>
            recordMcpCall({
              workspaceId: ctx.workspaceId,
              direction: "outbound",
              transport: "chat",
              integrationId: integration.id,
              agentId: ctx.agentId,
              conversationId: ctx.conversationId,
              tool: cached.name,
              argBytes: Buffer.byteLength(JSON.stringify(args)),
              status,
              errorCode,
              latencyMs: performance.now() - started,
            });
          let secret: string | null = null;
          try {
            const session = await sessionFor(integration, abortSignal);
            secret = session.secret;
            const output = toModelOutput(
              integration.name,
              await session.conn.callTool(cached.name, args, abortSignal),
            );
            record(output.isError ? "error" : "ok", output.isError ? "tool_error" : null);
            return output;
          } catch (e) {
            const failure = toIntegrationError(e, secret, "call");
            record("error", failure.code);
            logger.warn(
              {
                integrationId: integration.id,
                tool: cached.name,
                code: failure.code,
                reason: failure.reason,
              },
              "integrations: tool call failed",
            );
            // Thrown, so the model gets a tool error it can read and explain; the turn goes on.
            throw new Error(`${integration.name}: ${failure.message}`);
          }
        },
      });
    }
  }

  return {
    tools,
    async close() {
      closed = true;
      const open = [...sessions.values()];
      sessions.clear();
      const settled = await Promise.allSettled(open);
      await Promise.all(settled.map((s) => (s.status === "fulfilled" ? s.value.conn.close() : undefined)));
    },
  };
}

/** For callers outside a chat turn's setup: one transaction as the user, then the tools. */
export async function loadIntegrationTools(ctx: IntegrationToolContext): Promise<IntegrationTools> {
  const granted = await runAsUser(ctx.claims, (tx) =>
    selectGrantedIntegrations(tx, ctx.workspaceId, ctx.agentId),
  );
  return integrationToolSet(granted, ctx);
}
