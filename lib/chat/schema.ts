import { z } from "zod";
import { PG_INT_MAX, pgText } from "../validation";

/**
 * What the chat client sends: only the new turn. History is read from the
 * database, the one source of truth, never trusted from the browser.
 */
export const chatRequestSchema = z
  .object({
    agentId: z.uuid(),
    conversationId: z.uuid().optional(),
    trigger: z.enum(["submit", "regenerate", "edit"]).default("submit"),
    text: pgText().trim().min(1, "Type a message.").max(32_000).optional(),
    /** For "edit": the index of the user message being replaced (an int4 in the database). */
    editIndex: z.number().int().min(1).max(PG_INT_MAX).optional(),
  })
  .refine((v) => v.trigger === "regenerate" || Boolean(v.text), {
    message: "Type a message.",
    path: ["text"],
  })
  .refine((v) => v.trigger !== "edit" || v.editIndex !== undefined, {
    message: "Say which message to edit.",
    path: ["editIndex"],
  })
  .refine((v) => v.trigger === "submit" || v.conversationId, {
    message: "Needs a conversation.",
    path: ["conversationId"],
  });
export type ChatRequest = z.infer<typeof chatRequestSchema>;
/**
 * A turn as the server starts it: a client's request, or "reply" (a channel's
 * worker answering a stored customer message; `editIndex` is its index). Not
 * accepted from clients.
 */
export type ChatTurnRequest = Omit<ChatRequest, "trigger"> & { trigger: ChatRequest["trigger"] | "reply" };

/** Metadata streamed with the assistant message so the client learns ids it did not choose. */
export interface ChatMessageMetadata {
  conversationId: string;
  messageId: string;
  index?: number;
  model?: string;
  offline?: boolean;
}
