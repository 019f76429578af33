import { z } from "zod";
import { pgText } from "../validation";
import type { AgentConfigJson } from "./contract";

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
  "handoff_to_human",
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

/**
 * The agent's editable fields: what POST and PATCH accept on the web API and
 * /api/v1, and (under snake_case names) what the MCP agent tools take. The
 * descriptions are published with them (OpenAPI, MCP input schemas).
 */
export const agentFieldSchemas = {
  name: nameSchema.describe("Display name, 1-80 characters"),
  avatar: avatarSchema,
  description: descriptionSchema,
  type: agentTypeSchema.describe(`One of ${agentTypes.join(", ")}; presets fill instructions and tools`),
  instructions: instructionsSchema.describe("System prompt"),
  providerConnectionId: z
    .uuid({ message: "Not a valid provider connection id." })
    .nullable()
    .describe("A model provider connection of this workspace"),
  model: modelSchema.describe('Model id, e.g. "gpt-4o-mini" or "openai:gpt-4o"; null for the offline model'),
  temperature: z.number().min(0).max(2),
  maxSteps: z.number().int().min(1).max(20).describe("Most model steps (tool rounds) per turn, 1-20"),
  tools: toolsSchema.describe(`Built-in tools: ${BUILTIN_TOOL_NAMES.join(", ")}`),
  ragEnabled: z.boolean(),
  ragTopK: z.number().int().min(1).max(50),
  externalEndpointUrl: externalEndpointUrlSchema.describe(
    "Answer through this HTTP endpoint instead of a model",
  ),
  externalTimeoutMs: z.number().int().min(1000).max(120_000),
  welcomeMessage: pgText()
    .trim()
    .max(500, "Use at most 500 characters.")
    .describe("Shown at the top of a new chat with this agent"),
};
const fields = agentFieldSchemas;

/** Everything but the name is optional; presets fill instructions and tools for the chosen type. */
export const createAgentInput = z.object(fields).partial().required({ name: true }).strict();
export type CreateAgentInput = z.input<typeof createAgentInput>;

export const updateAgentInput = z
  .object(fields)
  .partial()
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: "Nothing to change." });
export type UpdateAgentInput = z.input<typeof updateAgentInput>;

/** The configuration an agent version freezes (what the version trigger snapshots): the contract's shape. */
export type AgentConfig = AgentConfigJson;

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
