import { z } from "zod";
import {
  conversationStatusSchema,
  listConversationsQuery,
  listMessagesQuery,
  messageStatusSchema,
} from "../conversations/schema";
import { errorStatus } from "../errors";
import { pgText } from "../validation";

/**
 * What /api/v1 accepts beyond the lib schemas, and what it answers. Request
 * schemas are enforced; response schemas exist for the OpenAPI document only
 * (the lib types are what the handlers really return).
 */

// Unknown query parameters are refused, as unknown body fields are: a typo
// ("agent_id" for "agentId") should not silently list everything.
export const v1ListConversationsQuery = listConversationsQuery.strict();
export const v1ListMessagesQuery = listMessagesQuery.strict();

/** One new user turn; the reply comes back as JSON when the agent has finished. */
export const v1ChatInput = z
  .object({
    agentId: z.uuid({ message: "Not a valid agent id." }),
    /** Omit to start a new conversation. */
    conversationId: z.uuid({ message: "Not a valid conversation id." }).optional(),
    text: pgText().trim().min(1, "Type a message.").max(32_000),
  })
  .strict();
export type V1ChatInput = z.infer<typeof v1ChatInput>;

const uuid = z.uuid();
const timestamp = z.iso.datetime({ offset: true });

export const errorCodeSchema = z.enum(Object.keys(errorStatus) as [keyof typeof errorStatus]);
export const errorBodySchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string(),
    /** Field issues ([{path, message}]) for validation errors; other shapes per code. */
    details: z.unknown().optional(),
  }),
});

export const conversationSchema = z.object({
  id: uuid,
  workspaceId: uuid,
  inboxId: uuid,
  channel: z.enum(["web", "api", "chatwoot", "whatsapp", "widget"]),
  agentId: uuid.nullable(),
  title: z.string().nullable(),
  status: conversationStatusSchema,
  tags: z.array(z.string()),
  contactName: z.string().nullable(),
  contactRef: z.string().nullable(),
  externalRef: z.string().nullable(),
  messageCount: z.int(),
  lastMessageAt: timestamp.nullable(),
  createdBy: uuid.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const messageSchema = z.object({
  id: uuid,
  conversationId: uuid,
  index: z.int().min(1),
  role: z.enum(["user", "assistant", "system", "tool"]),
  /** AI SDK UI message parts: text, reasoning, tool calls with their results. */
  parts: z.array(z.looseObject({ type: z.string() })),
  status: messageStatusSchema,
  error: z.object({ code: z.string(), message: z.string(), retryable: z.boolean() }).nullable(),
  model: z.string().nullable(),
  agentVersion: z.int().nullable(),
  inputTokens: z.int(),
  outputTokens: z.int(),
  /** USD. */
  cost: z.number(),
  latencyFirstTokenMs: z.int().nullable(),
  latencyTotalMs: z.int().nullable(),
  createdAt: timestamp,
});
