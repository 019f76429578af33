import { z } from "zod";
import { agentTypeSchema, BUILTIN_TOOL_NAMES } from "../agents/schema";
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

export const agentSchema = z.object({
  id: uuid,
  workspaceId: uuid,
  version: z.int(),
  name: z.string(),
  avatar: z.string().nullable(),
  description: z.string(),
  type: agentTypeSchema,
  instructions: z.string(),
  providerConnectionId: uuid.nullable(),
  model: z.string().nullable(),
  temperature: z.number(),
  maxSteps: z.int(),
  tools: z.array(z.enum(BUILTIN_TOOL_NAMES)),
  ragEnabled: z.boolean(),
  ragTopK: z.int(),
  externalEndpointUrl: z.string().nullable(),
  externalTimeoutMs: z.int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const okSchema = z.object({ ok: z.literal(true) });
