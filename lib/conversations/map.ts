import type { Selectable } from "kysely";
import type { Conversations, Inboxes, Messages } from "../db/types";
import type { ChatMessage, Conversation, ConversationPriority } from "./schema";

export const conversationColumns = [
  "c.id",
  "c.workspace_id",
  "c.inbox_id",
  "c.agent_id",
  "c.title",
  "c.status",
  "c.priority",
  "c.tags",
  "c.contact_name",
  "c.contact_ref",
  "c.external_ref",
  "c.message_count",
  "c.last_message_at",
  "c.created_by",
  "c.created_at",
  "c.updated_at",
  "c.handled_by",
  "c.assignee_id",
  "c.handoff_reason",
  "c.handoff_at",
  "c.last_inbound_at",
  "c.unread_count",
  "i.channel",
  "i.name as inbox_name",
] as const;

type ConversationRow = Selectable<Conversations> &
  Pick<Selectable<Inboxes>, "channel"> & { inbox_name: string };

export function toConversation(r: ConversationRow): Conversation {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    inboxId: r.inbox_id,
    channel: r.channel,
    agentId: r.agent_id,
    title: r.title,
    status: r.status,
    // The column's CHECK constraint allows exactly these values.
    priority: r.priority as ConversationPriority,
    tags: r.tags,
    contactName: r.contact_name,
    contactRef: r.contact_ref,
    externalRef: r.external_ref,
    messageCount: r.message_count,
    lastMessageAt: r.last_message_at,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    inboxName: r.inbox_name,
    // The column's CHECK constraint allows exactly these values.
    handledBy: r.handled_by as "bot" | "human",
    assigneeId: r.assignee_id,
    handoffReason: r.handoff_reason,
    handoffAt: r.handoff_at,
    lastInboundAt: r.last_inbound_at,
    unreadCount: r.unread_count,
  };
}

export const messageColumns = [
  "id",
  "conversation_id",
  "message_index",
  "role",
  "parts",
  "status",
  "error",
  "model",
  "agent_version",
  "input_tokens",
  "output_tokens",
  "cost",
  "latency_first_token_ms",
  "latency_total_ms",
  "created_by",
  "created_at",
] as const;

type MessageRow = Pick<Selectable<Messages>, (typeof messageColumns)[number]>;

export function toChatMessage(r: MessageRow): ChatMessage {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    index: r.message_index,
    role: r.role,
    // The column is jsonb: anything but an array was not written by the pipeline; show nothing.
    parts: (Array.isArray(r.parts) ? r.parts : []) as unknown as ChatMessage["parts"],
    status: r.status,
    error: r.error,
    model: r.model,
    agentVersion: r.agent_version,
    inputTokens: r.input_tokens,
    outputTokens: r.output_tokens,
    cost: Number(r.cost),
    latencyFirstTokenMs: r.latency_first_token_ms,
    latencyTotalMs: r.latency_total_ms,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}
