import { z } from "zod";
import { errorStatus } from "../errors";
import { pgText } from "../validation";

/**
 * What /api/v1 accepts beyond the lib schemas, and what it answers. Request
 * schemas are enforced; response schemas exist for the OpenAPI document only
 * (the lib types are what the handlers really return).
 */

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

export const errorCodeSchema = z.enum(Object.keys(errorStatus) as [keyof typeof errorStatus]);
export const errorBodySchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string(),
    /** Field issues ([{path, message}]) for validation errors; other shapes per code. */
    details: z.unknown().optional(),
  }),
});
