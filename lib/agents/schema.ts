import { z } from "zod";
import { pgText } from "../validation";

export const agentTypes = ["sdr", "copilot", "support", "custom"] as const;
export const agentTypeSchema = z.enum(agentTypes);
export type AgentType = z.infer<typeof agentTypeSchema>;

/**
 * Names of the built-in tools an agent may enable. Kept here rather than read
 * from lib/tools so agent config does not depend on the tool runtime; the
 * catalog there must keep the same names.
 */
export const BUILTIN_TOOL_NAMES = [
  "current_time",
  "calculator",
  "web_fetch",
  "tag_conversation",
  "list_products",
  "get_product",
  "create_cart",
  "get_cart",
  "update_cart_item",
] as const;
export const toolNameSchema = z.enum(BUILTIN_TOOL_NAMES, {
  message: `Unknown tool. Choose from: ${BUILTIN_TOOL_NAMES.join(", ")}.`,
});
export type BuiltinToolName = z.infer<typeof toolNameSchema>;

export const agentIdSchema = z.uuid({ message: "Not a valid agent id." });

const nameSchema = pgText().trim().min(1, "Give the agent a name.").max(80);
const avatarSchema = pgText().trim().max(2048).nullable();
const descriptionSchema = pgText().trim().max(500);
const instructionsSchema = pgText().max(20_000);
const modelSchema = z.string().trim().min(1).max(200).nullable();
// Order is kept (it is how the UI lists them); duplicates are dropped.
const toolsSchema = z
  .array(toolNameSchema)
  .max(50)
  .transform((t) => [...new Set(t)]);

/** http(s) only: the endpoint is called server-side, so other schemes are never useful and some are dangerous. */
export const externalEndpointUrlSchema = z
  .string()
  .trim()
  .max(2048, "Use at most 2048 characters.")
  .pipe(z.url({ protocol: /^https?$/, message: "Enter an http:// or https:// URL." }))
  .nullable();

const fields = {
  name: nameSchema,
  avatar: avatarSchema,
  description: descriptionSchema,
  type: agentTypeSchema,
  instructions: instructionsSchema,
  providerConnectionId: z.uuid({ message: "Not a valid provider connection id." }).nullable(),
  /** null: the built-in offline model. */
  model: modelSchema,
  temperature: z.number().min(0).max(2),
  maxSteps: z.number().int().min(1).max(20),
  tools: toolsSchema,
  ragEnabled: z.boolean(),
  ragTopK: z.number().int().min(1).max(50),
  externalEndpointUrl: externalEndpointUrlSchema,
  externalTimeoutMs: z.number().int().min(1000).max(120_000),
};

/** Everything but the name is optional; presets fill instructions and tools for the chosen type. */
export const createAgentInput = z.object(fields).partial().required({ name: true }).strict();
export type CreateAgentInput = z.input<typeof createAgentInput>;

export const updateAgentInput = z
  .object(fields)
  .partial()
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: "Nothing to change." });
export type UpdateAgentInput = z.input<typeof updateAgentInput>;

/** The configuration an agent version freezes (what the version trigger snapshots). */
export interface AgentConfig {
  name: string;
  avatar: string | null;
  description: string;
  type: AgentType;
  instructions: string;
  providerConnectionId: string | null;
  model: string | null;
  temperature: number;
  maxSteps: number;
  tools: string[];
  ragEnabled: boolean;
  ragTopK: number;
  externalEndpointUrl: string | null;
  externalTimeoutMs: number;
}

export interface Agent extends AgentConfig {
  id: string;
  workspaceId: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface AgentVersion {
  agentId: string;
  version: number;
  config: AgentConfig;
  createdBy: string | null;
  createdAt: Date;
}
