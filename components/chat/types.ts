import type { UIMessage } from "ai";
import type { AgentJson } from "@/lib/agents/contract";
import type { MessageErrorJson as MessageError } from "@/lib/conversations/contract";
import type { MessageStatus } from "@/lib/conversations/schema";

/** Shapes of the conversations and messages APIs as the browser receives them: the contract's (type-only). */
export type {
  ConversationJson as ConversationSummary,
  ConversationPageJson as ConversationPage,
  MessageErrorJson as MessageError,
  MessageJson as StoredMessage,
  MessagePageJson as MessagesPage,
} from "@/lib/conversations/contract";
export type { ConversationStatus, MessageStatus } from "@/lib/conversations/schema";

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
  /** A member who wrote this reply by hand (a channel's "reply as a human"). */
  createdBy?: string | null;
}

export type ChatMessage = UIMessage<ChatMetadata>;

export const OFFLINE_MODEL_ID = "offline-demo";
