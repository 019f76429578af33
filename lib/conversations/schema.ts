import type { UIMessage } from "ai";
import { z } from "zod";
import type { MessageStatus as DbMessageStatus } from "../db/types";
import { pgText } from "../validation";

export const conversationIdSchema = z.uuid({ message: "Not a valid conversation id." });
export const conversationStatuses = ["open", "closed"] as const;
export const conversationStatusSchema = z.enum(conversationStatuses);
export type ConversationStatus = z.infer<typeof conversationStatusSchema>;
/** The order is the order of urgency (the inbox lists the choices this way). */
export const conversationPriorities = ["low", "normal", "high", "urgent"] as const;
export const conversationPrioritySchema = z.enum(conversationPriorities);
export type ConversationPriority = z.infer<typeof conversationPrioritySchema>;
export type MessageRole = "user" | "assistant" | "system" | "tool";
// The database enum (generated types) is the one source: the record must name each of
// its values exactly once, so adding one there fails to compile until it is added here.
const MESSAGE_STATUSES: { [S in DbMessageStatus]: S } = {
  pending: "pending",
  streaming: "streaming",
  complete: "complete",
  error: "error",
  stopped: "stopped",
};
export const messageStatusSchema = z.enum(MESSAGE_STATUSES);
export type MessageStatus = z.infer<typeof messageStatusSchema>;

// Query strings send "" for a cleared filter; treat it as "no filter", not as a bad value.
const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const tagSchema = pgText()
  .trim()
  .min(1, "Tags cannot be empty.")
  .max(50, "Use at most 50 characters.");
/** Order kept, exact duplicates dropped (tags are case-sensitive, as in Chatwoot's API). */
export const tagsSchema = z
  .array(tagSchema)
  .max(50, "Use at most 50 tags.")
  .transform((t) => [...new Set(t)]);
/** An empty title clears it (the UI then shows the first message instead). */
export const titleSchema = pgText()
  .trim()
  .max(200, "Use at most 200 characters.")
  .nullable()
  .transform((t) => (t ? t : null));

/**
 * The list filters as values (without the query string's handling of blanks),
 * so the MCP tool's arguments are the same fields as the API's query.
 */
export const conversationChannels = ["web", "api", "chatwoot", "whatsapp", "widget"] as const;

export const conversationFilters = {
  agentId: z.uuid({ message: "Not a valid agent id." }),
  inboxId: z.uuid({ message: "Not a valid inbox id." }),
  channel: z.enum(conversationChannels),
  handledBy: z.enum(["bot", "human"]),
  status: conversationStatusSchema,
  priority: conversationPrioritySchema,
  tag: tagSchema,
  q: pgText().trim().max(200),
  cursor: z.string().max(200),
};

export const listConversationsQuery = z.object({
  agentId: z.preprocess(blank, conversationFilters.agentId.optional()),
  inboxId: z.preprocess(blank, conversationFilters.inboxId.optional()),
  channel: z.preprocess(blank, conversationFilters.channel.optional()),
  handledBy: z.preprocess(blank, conversationFilters.handledBy.optional()),
  status: z.preprocess(blank, conversationFilters.status.optional()),
  priority: z.preprocess(blank, conversationFilters.priority.optional()),
  tag: z.preprocess(blank, conversationFilters.tag.optional()),
  q: z.preprocess(blank, conversationFilters.q.optional()),
  cursor: z.preprocess(blank, conversationFilters.cursor.optional()),
  limit: z.preprocess(blank, z.coerce.number().int().min(1).max(100).default(30)),
});
export type ListConversationsQuery = z.input<typeof listConversationsQuery>;

export const startConversationInput = z
  .object({ agentId: z.uuid({ message: "Not a valid agent id." }), title: titleSchema.optional() })
  .strict();
export type StartConversationInput = z.input<typeof startConversationInput>;

export const updateConversationInput = z
  .object({
    title: titleSchema.optional(),
    status: conversationStatusSchema.optional(),
    priority: conversationPrioritySchema.optional(),
    tags: tagsSchema.optional(),
  })
  .strict()
  .refine((v) => Object.values(v).some((f) => f !== undefined), { message: "Nothing to change." });
export type UpdateConversationInput = z.input<typeof updateConversationInput>;

/** 1-based, gapless per conversation. */
export const messageIndexSchema = z.int().min(1).max(2_147_483_647);

export const listMessagesQuery = z.object({
  /** Only messages with a smaller index: the page before the oldest one the client has. */
  before: z.preprocess(blank, z.coerce.number().pipe(messageIndexSchema).optional()),
  limit: z.preprocess(blank, z.coerce.number().int().min(1).max(200).default(50)),
});
export type ListMessagesQuery = z.input<typeof listMessagesQuery>;

export interface Conversation {
  id: string;
  workspaceId: string;
  inboxId: string;
  channel: "web" | "api" | "chatwoot" | "whatsapp" | "widget";
  agentId: string | null;
  title: string | null;
  status: ConversationStatus;
  priority: ConversationPriority;
  tags: string[];
  contactName: string | null;
  contactRef: string | null;
  externalRef: string | null;
  messageCount: number;
  lastMessageAt: Date | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  inboxName: string;
  /** Who answers the customer: the bot, or people (after a handoff or a take-over). */
  handledBy: "bot" | "human";
  assigneeId: string | null;
  handoffReason: string | null;
  handoffAt: Date | null;
  lastInboundAt: Date | null;
  unreadCount: number;
}

export interface ConversationPage {
  conversations: Conversation[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export interface ChatMessage {
  id: string;
  conversationId: string;
  /** 1-based, gapless per conversation (assigned by trigger). */
  index: number;
  role: MessageRole;
  /** AI SDK UIMessage parts, stored as written by the chat pipeline. */
  parts: UIMessage["parts"];
  status: MessageStatus;
  error: unknown;
  model: string | null;
  agentVersion: number | null;
  inputTokens: number;
  outputTokens: number;
  /** USD. */
  cost: number;
  latencyFirstTokenMs: number | null;
  latencyTotalMs: number | null;
  /** A member who wrote this reply by hand (channels: "reply as a human"); null for the bot and customers. */
  createdBy: string | null;
  createdAt: Date;
}
