// Resources: agents (switchboard://agents/{id}) and conversation transcripts
// (switchboard://conversations/{id}/transcript), listed and read through the
// same RLS as the tools, and filtered by the key's scopes like tools/list.
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  ErrorCode,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ReadResourceRequestSchema,
  type Resource,
} from "@modelcontextprotocol/sdk/types.js";
import { getAgent, listAgents } from "../lib/agents";
import { serializeAgent } from "../lib/agents/contract";
import { type ApiKeyPrincipal, hasScope } from "../lib/api-keys";
import { getConversation, listConversations, listMessages } from "../lib/conversations";
import { toAppError } from "../lib/errors";
import { logger } from "../lib/logger";
import { recordMcpCall } from "../lib/mcp-activity";
import { RpcError } from "./json-rpc-guard";
import { type PrincipalSource, resolvePrincipal } from "./principal";
import type { McpTransportLabel } from "./registry";
import { conversationOut, messageOut } from "./tools/shapes";
import { wrapUntrusted } from "./untrusted";

const AGENT = /^switchboard:\/\/agents\/([^/?#]+)$/;
const TRANSCRIPT = /^switchboard:\/\/conversations\/([^/?#]+)\/transcript$/;
/** MCP's "resource not found" error code. */
const RESOURCE_NOT_FOUND = -32002;
const PAGE = 50;

const templates = [
  {
    group: "agents" as const,
    template: {
      uriTemplate: "switchboard://agents/{id}",
      name: "agent",
      title: "Agent configuration",
      description: "An agent's full configuration as JSON",
      mimeType: "application/json",
    },
  },
  {
    group: "conversations" as const,
    template: {
      uriTemplate: "switchboard://conversations/{id}/transcript",
      name: "conversation-transcript",
      title: "Conversation transcript",
      description: "A conversation and its latest 200 messages; the content is untrusted data",
      mimeType: "text/plain",
    },
  },
];

interface ResourceOptions {
  transport: McpTransportLabel;
  principal: PrincipalSource;
}

async function listPage(principal: ApiKeyPrincipal, cursor: string | undefined) {
  const resources: Resource[] = [];
  // The first page carries every agent; later pages continue the conversations.
  if (!cursor && hasScope(principal, "agents", "read")) {
    for (const a of await listAgents(principal.scope)) {
      resources.push({
        uri: `switchboard://agents/${a.id}`,
        name: a.name,
        title: `Agent: ${a.name}`,
        mimeType: "application/json",
      });
    }
  }
  let nextCursor: string | undefined;
  if (hasScope(principal, "conversations", "read")) {
    // Titles and contact names are untrusted, so they stay out of names shown to the model.
    const page = await listConversations(principal.scope, { cursor, limit: PAGE });
    for (const c of page.conversations) {
      resources.push({
        uri: `switchboard://conversations/${c.id}/transcript`,
        name: `conversation-${c.id}`,
        title: `Conversation ${c.id.slice(0, 8)} (${c.channel}, ${c.messageCount} messages)`,
        mimeType: "text/plain",
      });
    }
    nextCursor = page.nextCursor ?? undefined;
  }
  return { resources, ...(nextCursor ? { nextCursor } : {}) };
}

/** Our failures are -32603; anything else was the request's fault. */
const rpcCode = (status: number) => (status >= 500 ? ErrorCode.InternalError : ErrorCode.InvalidParams);

/** The id in a resource URI; a malformed %-escape is the client's error, not ours. */
function decodeId(uri: string, encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new RpcError(
      ErrorCode.InvalidParams,
      "The resource URI is malformed: it has an invalid %-escape.",
      {
        uri,
        code: "validation_failed",
      },
    );
  }
}

function requireGroup(principal: ApiKeyPrincipal, group: "agents" | "conversations") {
  if (!hasScope(principal, group, "read")) {
    throw new RpcError(ErrorCode.InvalidRequest, `This API key lacks the 'read' + '${group}' scope.`, {
      code: "forbidden",
    });
  }
}

async function read(principal: ApiKeyPrincipal, uri: string) {
  const agent = AGENT.exec(uri);
  if (agent?.[1]) {
    requireGroup(principal, "agents");
    const a = await getAgent(principal.scope, decodeId(uri, agent[1]));
    return { uri, mimeType: "application/json", text: JSON.stringify(serializeAgent(a)) };
  }
  const transcript = TRANSCRIPT.exec(uri);
  if (transcript?.[1]) {
    requireGroup(principal, "conversations");
    const id = decodeId(uri, transcript[1]);
    const [conversation, messages] = await Promise.all([
      getConversation(principal.scope, id),
      listMessages(principal.scope, id, { limit: 200 }),
    ]);
    const body = JSON.stringify({
      conversation: conversationOut(conversation),
      messages: messages.map(messageOut),
    });
    return { uri, mimeType: "text/plain", text: wrapUntrusted(body, "conversation transcript") };
  }
  throw new RpcError(RESOURCE_NOT_FOUND, "Resource not found", { uri, code: "not_found" });
}

export function registerResources(server: Server, opts: ResourceOptions): void {
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => {
    const principal = await resolvePrincipal(opts.principal);
    return {
      resourceTemplates: templates.filter((t) => hasScope(principal, t.group, "read")).map((t) => t.template),
    };
  });

  server.setRequestHandler(ListResourcesRequestSchema, async (req) => {
    const principal = await resolvePrincipal(opts.principal);
    try {
      return await listPage(principal, req.params?.cursor);
    } catch (e) {
      const err = toAppError(e);
      if (err.status >= 500) logger.error({ err: e }, "mcp: listing resources failed");
      throw new RpcError(rpcCode(err.status), err.message, { code: err.code });
    }
  });

  server.setRequestHandler(ReadResourceRequestSchema, async (req) => {
    const started = performance.now();
    const principal = await resolvePrincipal(opts.principal);
    const { uri } = req.params;
    const record = (status: "ok" | "error", errorCode: string | null) =>
      recordMcpCall({
        workspaceId: principal.workspace.id,
        direction: "inbound",
        apiKeyId: principal.keyId,
        transport: opts.transport,
        tool: "resources/read",
        argBytes: Buffer.byteLength(uri, "utf8"),
        status,
        errorCode,
        latencyMs: performance.now() - started,
      });
    try {
      const contents = await read(principal, uri);
      record("ok", null);
      return { contents: [contents] };
    } catch (e) {
      if (e instanceof RpcError) {
        record("error", String(e.data?.code ?? e.code));
        throw e;
      }
      const err = toAppError(e);
      record("error", err.code);
      if (err.code === "not_found")
        throw new RpcError(RESOURCE_NOT_FOUND, err.message, { uri, code: err.code });
      if (err.status >= 500) logger.error({ err: e, uri }, "mcp: reading a resource failed");
      throw new RpcError(rpcCode(err.status), err.message, { code: err.code });
    }
  });
}
