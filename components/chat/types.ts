import type { UIMessage } from "ai";
import type { AgentJson } from "@/lib/agents/contract";
import type { MessageStatus } from "@/lib/conversations/schema";

/** Shapes of the conversations, messages and agents APIs as the browser receives them (dates as ISO strings). */

export type ConversationStatus = "open" | "closed";
export type { MessageStatus } from "@/lib/conversations/schema";

export interface ConversationSummary {
  id: string;
  title: string | null;
  agentId: string | null;
  agentName?: string | null;
  channel?: string;
  contactName?: string | null;
  status: ConversationStatus;
  tags: string[];
  messageCount: number;
  lastMessageAt: string | null;
  /** Who started it (null: no one, e.g. an inbound channel); decides who may edit or regenerate. */
  createdBy?: string | null;
  createdAt: string;
}

export interface ConversationPage {
  conversations: ConversationSummary[];
  nextCursor: string | null;
}

export interface MessageError {
  code: string;
  message: string;
  retryable: boolean;
}

export interface StoredMessage {
  id: string;
  index: number;
  role: "user" | "assistant" | "system" | "tool";
  parts: UIMessage["parts"];
  status: MessageStatus;
  error: unknown;
  model: string | null;
  agentVersion: number | null;
  inputTokens: number;
  outputTokens: number;
  cost: number;
  latencyFirstTokenMs: number | null;
  latencyTotalMs: number | null;
  createdAt: string;
}

export interface MessagesPage {
  messages: StoredMessage[];
  hasMore?: boolean;
  before?: number | null;
}

/** An agent as the agents API sends it (the contract's shape, lib/agents/contract.ts). */
export type AgentSummary = AgentJson;

/** Per-message data: streamed on the assistant's `start` part, or filled from the stored row. */
export interface ChatMetadata {
  conversationId?: string;
  messageId?: string;
  index?: number;
  model?: string | null;
  offline?: boolean;
  status?: MessageStatus;
  error?: MessageError | null;
  inputTokens?: number;
  outputTokens?: number;
  latencyFirstTokenMs?: number | null;
  latencyTotalMs?: number | null;
  createdAt?: string;
}

export type ChatMessage = UIMessage<ChatMetadata>;

export const OFFLINE_MODEL_ID = "offline-demo";
