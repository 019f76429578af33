import { z } from "zod";
import type { ApiKeyPrincipal } from "../../api-keys";
import { runAsUser } from "../../db/rls";
import { AppError } from "../../errors";
import { connectMcp, IntegrationCallError, toIntegrationError } from "../../integrations/client";
import type { CachedTool, IntegrationAuthType } from "../../integrations/schema";
import { credentialHeaders, loadIntegrationSecret, scrubSecret } from "../../integrations/secret";
import { MAX_OUTPUT_BYTES, toModelOutput } from "../../integrations/tool-output";
import { logger } from "../../logger";
import { recordMcpCall } from "../../mcp-activity";
import type { Json } from "../graph-schema";
import { defineNode, type NodeContext, type NodeResult } from "./define-node";
import { abortError, flowActor, type NodeActor, toJson, untilAborted } from "./node-actor";

export const MAX_ARGUMENT_BYTES = 64 * 1024;

/**
 * Switchboard's own tools a flow may call: the MCP server's tool list (the
 * same functions, not a copy), minus the flow tools (a flow starting flows is
 * sub_flow's job). Imported when first needed: the tool list will include the
 * flow tools, which import the engine, which imports this file.
 */
export async function switchboardTools() {
  const { TOOLS } = await import("../../../mcp-server/tools/toolset");
  return TOOLS.filter((t) => !t.name.includes("flow"));
}

const mcpToolConfig = z
  .object({
    source: z
      .enum(["integration", "switchboard"])
      .default("integration")
      .describe(
        "integration: a tool of one of this workspace's MCP integrations; switchboard: one of Switchboard's own tools.",
      ),
    integrationId: z
      .string()
      .max(100)
      .optional()
      .describe("integration: the integration (Settings → Integrations) whose tool to call."),
    tool: z
      .string()
      .min(1)
      .max(64)
      .describe(
        "The tool's name, as the integration lists it (or a Switchboard tool such as list_products).",
      ),
    arguments: z
      .record(z.string(), z.unknown())
      .default({})
      .refine((a) => Buffer.byteLength(JSON.stringify(a)) <= MAX_ARGUMENT_BYTES, {
        message: `Keep the arguments under ${MAX_ARGUMENT_BYTES / 1024} KB.`,
      })
      .describe("The tool's arguments as a JSON object; string values may hold {{ }} expressions.")
      .meta({ widget: "json" }),
  })
  .superRefine((c, issues) => {
    if (c.source === "integration" && !c.integrationId) {
      issues.addIssue({ code: "custom", path: ["integrationId"], message: "Choose the integration." });
    }
  });

/**
 * Calls one MCP tool: of an enabled integration of this workspace (connected
 * as chat connects, the stored credential added by the client's fetch and
 * never seen by the flow), or one of Switchboard's own MCP tools, in process,
 * run as the flow's actor with that person's role, as an API key of theirs
 * with every scope would.
 */
export const mcpToolNode = defineNode({
  type: "mcp_tool",
  label: "MCP tool",
  category: "action",
  description: "Calls a tool of one of your MCP integrations, or one of Switchboard's own tools.",
  config: mcpToolConfig,
  inputs: ["in"],
  outputs: () => ["out"],
  // Tools may do anything: treated as changing the world, so retried only with the idempotency key's protection.
  sideEffects: true,
  defaultTimeoutMs: 60_000,
  async run(ctx, config): Promise<NodeResult> {
    const actor = await flowActor(ctx);
    const started = performance.now();
    // In the workspace's MCP activity log like chat's and clients' calls: transport 'flow'.
    const record = (status: "ok" | "error", errorCode: string | null) =>
      recordMcpCall({
        workspaceId: ctx.workspaceId,
        direction: config.source === "switchboard" ? "inbound" : "outbound",
        transport: "flow",
        integrationId:
          config.source === "integration" && isUuid(config.integrationId) ? config.integrationId : null,
        tool: config.tool,
        argBytes: Buffer.byteLength(JSON.stringify(config.arguments)),
        status,
        errorCode,
        latencyMs: performance.now() - started,
      });
    try {
      const result =
        config.source === "switchboard"
          ? await callOwnTool(ctx, actor, config.tool, config.arguments)
          : await callIntegrationTool(ctx, actor, config.integrationId ?? "", config.tool, config.arguments);
      record("ok", null);
      return result;
    } catch (e) {
      record("error", e instanceof AppError ? e.code : "internal");
      throw e;
    }
  },
});

const isUuid = (v: string | undefined): v is string => !!v && z.uuid().safeParse(v).success;

const integrationNotFound = () =>
  new AppError("not_found", "That integration does not exist in this workspace.");

async function callIntegrationTool(
  ctx: NodeContext,
  actor: NodeActor,
  integrationId: string,
  toolName: string,
  args: Record<string, unknown>,
): Promise<NodeResult> {
  if (!z.uuid().safeParse(integrationId).success) throw integrationNotFound();
  // Read through the actor's RLS: only this workspace's integrations, never the secret column.
  const integration = await runAsUser(actor.claims, (tx) =>
    tx
      .selectFrom("mcp_integrations")
      .select(["id", "name", "url", "auth_type", "auth_header_name", "timeout_ms", "enabled", "tools"])
      .where("workspace_id", "=", ctx.workspaceId)
      .where("id", "=", integrationId)
      .executeTakeFirst(),
  );
  if (!integration) throw integrationNotFound();
  if (!integration.enabled)
    throw new AppError("conflict", `The integration "${integration.name}" is turned off.`);
  const tools = (Array.isArray(integration.tools) ? integration.tools : []) as unknown as CachedTool[];
  if (!tools.some((t) => t.name === toolName)) {
    throw new AppError(
      "not_found",
      `The integration "${integration.name}" has no tool "${toolName}" (refresh its tools if it was just added).`,
    );
  }
  let secret: string | null = null;
  const call = async () => {
    secret = await loadIntegrationSecret(ctx.workspaceId, integration.id);
    const conn = await connectMcp({
      url: integration.url,
      headers: credentialHeaders(
        {
          authType: integration.auth_type as IntegrationAuthType,
          authHeaderName: integration.auth_header_name,
        },
        secret,
      ),
      timeoutMs: integration.timeout_ms,
      secret,
      signal: ctx.signal,
    });
    try {
      return await conn.callTool(toolName, args, ctx.signal);
    } finally {
      await conn.close().catch(() => {});
    }
  };
  let result: Awaited<ReturnType<typeof call>>;
  try {
    result = await untilAborted(ctx.signal, call());
  } catch (e) {
    if (ctx.signal.aborted) throw abortError(ctx.signal);
    const err = e instanceof IntegrationCallError ? e : toIntegrationError(e, secret, "call");
    logger.warn({ code: err.code, reason: err.reason, runId: ctx.runId }, "flows: mcp_tool call failed");
    throw new AppError("unavailable", `${integration.name}: ${err.message}`, {
      details: { reason: err.code },
    });
  }
  const out = toModelOutput(integration.name, result);
  const content = scrubSecret(out.content, secret);
  if (out.isError) {
    throw new AppError(
      "bad_request",
      `${integration.name}: the tool reported an error: ${content.slice(0, 500)}`,
      {
        details: { reason: "tool_error" },
      },
    );
  }
  const structured = boundedJson(result.structuredContent, secret);
  return {
    kind: "done",
    output: toJson({
      content,
      truncated: out.truncated,
      ...(structured === undefined ? {} : { structured }),
    }),
  };
}

/** Structured results pass on as JSON when they fit the output budget (and hold no credential). */
function boundedJson(value: unknown, secret: string | null): Json | undefined {
  if (value === undefined || value === null) return undefined;
  const text = JSON.stringify(value);
  if (Buffer.byteLength(text) > MAX_OUTPUT_BYTES) return undefined;
  if (secret && secret.length >= 4 && text.includes(secret)) return undefined;
  return toJson(value);
}

async function callOwnTool(
  ctx: NodeContext,
  actor: NodeActor,
  toolName: string,
  args: Record<string, unknown>,
): Promise<NodeResult> {
  const tool = (await switchboardTools()).find((t) => t.name === toolName || t.aliases.includes(toolName));
  if (!tool) throw new AppError("not_found", `Switchboard has no tool "${toolName}".`);
  const parsed = tool.input.safeParse(args);
  if (!parsed.success) {
    throw new AppError("validation_failed", `The arguments do not fit ${tool.name}.`, {
      details: parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  }
  const workspace = await ctx.db
    .selectFrom("workspaces")
    .select(["id", "slug", "name"])
    .where("id", "=", ctx.workspaceId)
    .executeTakeFirstOrThrow();
  const scope = { claims: actor.claims, workspaceId: ctx.workspaceId };
  // The flow's actor as a key of theirs with every scope: what they may do is their role and RLS.
  const principal: ApiKeyPrincipal = {
    keyId: `flow:${ctx.flowId}`,
    keyName: "Flow",
    prefix: "flow",
    scopes: ["write"],
    role: actor.role,
    workspace,
    claims: actor.claims,
    scope,
  };
  const output = await untilAborted(
    ctx.signal,
    tool.run({ principal, scope, transport: "http" }, parsed.data),
  );
  return { kind: "done", output: toJson(output) };
}
