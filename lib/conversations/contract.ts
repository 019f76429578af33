import { z } from "zod";
import { stopChatReply, stopRequestBody } from "../chat/stop";
import { iso, isoOrNull, isoTimestamp, nextCursor, OK, okOutput } from "../contract/json";
import { defineOperation } from "../contract/operation";
import { deleteConversation, getConversation, startConversation, updateConversation } from "./conversations";
import { listConversations } from "./list";
import { listMessages } from "./messages";
import {
  type ChatMessage,
  type Conversation,
  conversationIdSchema,
  conversationPrioritySchema,
  conversationStatusSchema,
  listConversationsQuery,
  listMessagesQuery,
  messageStatusSchema,
  startConversationInput,
  updateConversationInput,
} from "./schema";

/**
 * The conversations' public contract: what a conversation and a message look
 * like on the wire, and the operations on them. The web API, /api/v1 and its
 * OpenAPI document, the MCP tools (which fence the text written by end users
 * and models, mcp-server/tools/shapes.ts) and the browser's types all derive
 * from this file; to add a field, change the migration, the domain type and
 * row mapper (schema.ts, map.ts), this output shape and the form that edits it.
 */

// ---- Output shapes -------------------------------------------------------

export const channelSchema = z.enum(["web", "api", "chatwoot", "whatsapp", "widget"]);

export const conversationOutput = z.object({
  id: z.uuid(),
  workspaceId: z.uuid(),
  inboxId: z.uuid(),
  channel: channelSchema,
  agentId: z.uuid().nullable(),
  title: z.string().nullable(),
  status: conversationStatusSchema,
  priority: conversationPrioritySchema,
  tags: z.array(z.string()),
  contactName: z.string().nullable(),
  contactRef: z.string().nullable(),
  externalRef: z.string().nullable(),
  messageCount: z.int(),
  lastMessageAt: isoTimestamp.nullable(),
  createdBy: z.uuid().nullable(),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
  inboxName: z.string(),
  handledBy: z.enum(["bot", "human"]).describe("Who answers the customer; the bot is silent while people do"),
  assigneeId: z.uuid().nullable().describe("The member handling it"),
  handoffReason: z.string().nullable().describe("Why it was handed to people"),
  handoffAt: isoTimestamp.nullable(),
  lastInboundAt: isoTimestamp.nullable().describe("The customer's last message"),
  unreadCount: z.int().min(0).describe("Customer messages since a member last opened it"),
});
export type ConversationJson = z.infer<typeof conversationOutput>;

export const messageErrorOutput = z.object({ code: z.string(), message: z.string(), retryable: z.boolean() });
export type MessageErrorJson = z.infer<typeof messageErrorOutput>;

export const messageOutput = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  index: z.int().min(1),
  role: z.enum(["user", "assistant", "system", "tool"]),
  /** AI SDK UI message parts: text, reasoning, tool calls with their results. */
  parts: z.array(z.looseObject({ type: z.string() })),
  status: messageStatusSchema,
  error: messageErrorOutput.nullable().describe("Why the reply failed (status error)"),
  model: z.string().nullable(),
  agentVersion: z.int().nullable(),
  inputTokens: z.int(),
  outputTokens: z.int(),
  cost: z.number().describe("USD"),
  latencyFirstTokenMs: z.int().nullable(),
  latencyTotalMs: z.int().nullable(),
  createdBy: z
    .uuid()
    .nullable()
    .describe("The member who wrote this reply by hand; null for the bot and customers"),
  createdAt: isoTimestamp,
});
/** The parts are typed as the AI SDK writes them (the shape above only promises a `type`). */
export type MessageJson = Omit<z.infer<typeof messageOutput>, "parts"> & { parts: ChatMessage["parts"] };

export const conversationPageOutput = z.object({ conversations: z.array(conversationOutput), nextCursor });
export type ConversationPageJson = z.infer<typeof conversationPageOutput>;
export const conversationResult = z.object({ conversation: conversationOutput });
export const messagePageOutput = z.object({
  messages: z.array(messageOutput),
  hasMore: z.boolean().describe("Older messages exist: ask again with `before`"),
  before: z.int().nullable().describe("The oldest index in this page; null when it is empty"),
});
export type MessagePageJson = Omit<z.infer<typeof messagePageOutput>, "messages"> & {
  messages: MessageJson[];
};

/** Body of PATCH on a conversation, as the browser sends it. */
export type ConversationPatch = z.input<typeof updateConversationInput>;

// ---- Serializers ---------------------------------------------------------

export const serializeConversation = (c: Conversation): ConversationJson => ({
  id: c.id,
  workspaceId: c.workspaceId,
  inboxId: c.inboxId,
  channel: c.channel,
  agentId: c.agentId,
  title: c.title,
  status: c.status,
  priority: c.priority,
  tags: c.tags,
  contactName: c.contactName,
  contactRef: c.contactRef,
  externalRef: c.externalRef,
  messageCount: c.messageCount,
  lastMessageAt: isoOrNull(c.lastMessageAt),
  createdBy: c.createdBy,
  createdAt: iso(c.createdAt),
  updatedAt: iso(c.updatedAt),
  inboxName: c.inboxName,
  handledBy: c.handledBy,
  assigneeId: c.assigneeId,
  handoffReason: c.handoffReason,
  handoffAt: isoOrNull(c.handoffAt),
  lastInboundAt: isoOrNull(c.lastInboundAt),
  unreadCount: c.unreadCount,
});

/**
 * The chat pipeline stores `{code, message, retryable}`; the column is jsonb,
 * so anything else written to it still reads as that shape.
 */
function messageError(e: unknown): MessageErrorJson | null {
  if (typeof e !== "object" || e === null) return null;
  const { code, message, retryable } = e as Record<string, unknown>;
  return {
    code: typeof code === "string" ? code : "error",
    message: typeof message === "string" ? message : "The reply failed.",
    retryable: retryable === true,
  };
}

export const serializeMessage = (m: ChatMessage): MessageJson => ({
  id: m.id,
  conversationId: m.conversationId,
  index: m.index,
  role: m.role,
  parts: m.parts,
  status: m.status,
  error: messageError(m.error),
  model: m.model,
  agentVersion: m.agentVersion,
  inputTokens: m.inputTokens,
  outputTokens: m.outputTokens,
  cost: m.cost,
  latencyFirstTokenMs: m.latencyFirstTokenMs,
  latencyTotalMs: m.latencyTotalMs,
  createdBy: m.createdBy,
  createdAt: iso(m.createdAt),
});

/** A page of history, oldest first; indexes are gapless from 1, so anything above 1 means older ones exist. */
export function messagePage(messages: ChatMessage[]): MessagePageJson {
  const oldest = messages[0]?.index;
  return {
    messages: messages.map(serializeMessage),
    hasMore: oldest !== undefined && oldest > 1,
    before: oldest ?? null,
  };
}

// ---- Operations ----------------------------------------------------------

const conversationParams = z.object({ id: conversationIdSchema });

/** Query strings arrive as text; unknown parameters are refused (a typo should not silently list everything). */
export const listConversationsRequest = listConversationsQuery.strict();
export const listMessagesRequest = listMessagesQuery.strict();

export const listConversationsOp = defineOperation({
  id: "conversations.list",
  method: "get",
  summary: "List conversations",
  description:
    "Most recently active first; pass `nextCursor` back as `cursor` for older ones. " +
    "`q` matches the title, the contact's name or any message text.",
  query: listConversationsRequest,
  output: conversationPageOutput,
  outputDescription: "A page of conversations.",
  web: { path: "/conversations", role: "viewer" },
  v1: { path: "/conversations", group: "conversations" },
  async run(scope, { query }) {
    const page = await listConversations(scope, query);
    return { conversations: page.conversations.map(serializeConversation), nextCursor: page.nextCursor };
  },
});

export const startConversationOp = defineOperation({
  id: "conversations.start",
  method: "post",
  summary: "Start a conversation",
  description: "In the workspace's web inbox, with the given agent.",
  body: startConversationInput,
  output: conversationResult,
  status: 201,
  outputDescription: "The new conversation.",
  web: { path: "/conversations", role: "member" },
  async run(scope, { body }) {
    return { conversation: serializeConversation(await startConversation(scope, body)) };
  },
});

export const getConversationOp = defineOperation({
  id: "conversations.get",
  method: "get",
  summary: "Get a conversation",
  params: conversationParams,
  output: conversationResult,
  outputDescription: "The conversation.",
  web: { path: "/conversations/{id}", role: "viewer" },
  v1: { path: "/conversations/{id}", group: "conversations" },
  async run(scope, { params }) {
    return { conversation: serializeConversation(await getConversation(scope, params.id)) };
  },
});

export const updateConversationOp = defineOperation({
  id: "conversations.update",
  method: "patch",
  summary: "Update a conversation",
  description: "Any of title, status, priority and tags (tags replace the whole set); the others stay.",
  params: conversationParams,
  body: updateConversationInput,
  output: conversationResult,
  outputDescription: "The updated conversation.",
  web: { path: "/conversations/{id}", role: "member" },
  v1: { path: "/conversations/{id}", group: "conversations" },
  async run(scope, { params, body }) {
    return { conversation: serializeConversation(await updateConversation(scope, params.id, body)) };
  },
});

export const deleteConversationOp = defineOperation({
  id: "conversations.delete",
  method: "delete",
  summary: "Delete a conversation",
  description: "Admins and owners only; its messages go with it.",
  params: conversationParams,
  output: okOutput,
  outputDescription: "Deleted.",
  web: { path: "/conversations/{id}", role: "admin" },
  async run(scope, { params }) {
    await deleteConversation(scope, params.id);
    return OK;
  },
});

export const listMessagesOp = defineOperation({
  id: "messages.list",
  method: "get",
  summary: "List a conversation's messages",
  description: "The last `limit` messages before `before` (a message index), oldest first.",
  params: conversationParams,
  query: listMessagesRequest,
  output: messagePageOutput,
  outputDescription: "A page of messages.",
  web: { path: "/conversations/{id}/messages", role: "viewer" },
  v1: { path: "/conversations/{id}/messages", group: "conversations" },
  async run(scope, { params, query }) {
    return messagePage(await listMessages(scope, params.id, query));
  },
});

export const stopReplyOp = defineOperation({
  id: "conversations.stopReply",
  method: "post",
  summary: "Stop a reply being generated",
  description:
    "The given reply, or every reply still being generated in the conversation: the model call " +
    "ends and the text so far is kept.",
  params: conversationParams,
  body: stopRequestBody,
  output: z.object({ stopped: z.int().describe("Replies stopped; 0 when they had already finished") }),
  outputDescription: "How many replies were stopped.",
  web: { path: "/conversations/{id}/stop", role: "member" },
  async run(scope, { params, body }) {
    return stopChatReply(scope, { conversationId: params.id, messageId: body.messageId });
  },
});

export const conversationOperations = [
  listConversationsOp,
  startConversationOp,
  getConversationOp,
  updateConversationOp,
  deleteConversationOp,
  listMessagesOp,
  stopReplyOp,
];
