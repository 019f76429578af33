import { agentPresets } from "@/lib/agents/presets";
import type { Agent, AgentInput, AgentType, BuiltinToolName } from "./types";
import { modelKey } from "./use-models";

/** Form values: numbers stay strings while typing so a cleared field is not silently 0. */
export interface AgentFormValues {
  name: string;
  avatar: string;
  description: string;
  type: AgentType;
  instructions: string;
  modelKey: string;
  temperature: string;
  maxSteps: string;
  tools: BuiltinToolName[];
  ragEnabled: boolean;
  ragTopK: string;
  externalEndpointUrl: string;
  externalTimeoutMs: string;
  welcomeMessage: string;
}

export const agentFormFields = [
  "name",
  "avatar",
  "description",
  "type",
  "instructions",
  "providerConnectionId",
  "model",
  "temperature",
  "maxSteps",
  "tools",
  "ragEnabled",
  "ragTopK",
  "externalEndpointUrl",
  "externalTimeoutMs",
  "welcomeMessage",
] as const;
export type AgentFormField = (typeof agentFormFields)[number];

export const DEFAULT_TYPE: AgentType = "support";

export function emptyAgentValues(type: AgentType = DEFAULT_TYPE): AgentFormValues {
  const preset = agentPresets[type];
  return {
    name: "",
    avatar: "",
    description: "",
    type,
    instructions: preset.instructions,
    modelKey: modelKey(null, null),
    temperature: "0.7",
    maxSteps: "5",
    tools: [...preset.tools],
    ragEnabled: false,
    ragTopK: "5",
    externalEndpointUrl: "",
    externalTimeoutMs: "30000",
    welcomeMessage: "",
  };
}

export function agentToValues(agent: Agent): AgentFormValues {
  return {
    name: agent.name,
    avatar: agent.avatar ?? "",
    description: agent.description,
    type: agent.type,
    instructions: agent.instructions,
    modelKey: modelKey(agent.providerConnectionId, agent.model),
    temperature: String(agent.temperature),
    maxSteps: String(agent.maxSteps),
    tools: [...agent.tools],
    ragEnabled: agent.ragEnabled,
    ragTopK: String(agent.ragTopK),
    externalEndpointUrl: agent.externalEndpointUrl ?? "",
    externalTimeoutMs: String(agent.externalTimeoutMs),
    welcomeMessage: agent.welcomeMessage,
  };
}

function splitModelKey(key: string): { providerConnectionId: string | null; model: string | null } {
  const at = key.indexOf("|");
  return { providerConnectionId: key.slice(0, at) || null, model: key.slice(at + 1) || null };
}

const toNumber = (v: string): number => (v.trim() === "" ? Number.NaN : Number(v));

function checkRange(value: string, min: number, max: number, integer: boolean): string | undefined {
  const n = toNumber(value);
  if (Number.isNaN(n)) return "Enter a number.";
  if (integer && !Number.isInteger(n)) return "Enter a whole number.";
  if (n < min || n > max) return `Enter a value from ${min} to ${max}.`;
  return undefined;
}

/** The checks worth doing before a round trip; the server validates everything again. */
export function validateValues(v: AgentFormValues): Partial<Record<AgentFormField, string>> {
  const errors: Partial<Record<AgentFormField, string | undefined>> = {
    name: v.name.trim() ? undefined : "Give the agent a name.",
    temperature: checkRange(v.temperature, 0, 2, false),
    maxSteps: checkRange(v.maxSteps, 1, 20, true),
    ragTopK: checkRange(v.ragTopK, 1, 50, true),
    externalTimeoutMs: checkRange(v.externalTimeoutMs, 1000, 120_000, true),
  };
  return Object.fromEntries(Object.entries(errors).filter(([, m]) => m)) as Partial<
    Record<AgentFormField, string>
  >;
}

export function valuesToInput(v: AgentFormValues): AgentInput {
  return {
    name: v.name.trim(),
    avatar: v.avatar.trim() || null,
    description: v.description.trim(),
    type: v.type,
    instructions: v.instructions,
    ...splitModelKey(v.modelKey),
    temperature: toNumber(v.temperature),
    maxSteps: toNumber(v.maxSteps),
    tools: v.tools,
    ragEnabled: v.ragEnabled,
    ragTopK: toNumber(v.ragTopK),
    externalEndpointUrl: v.externalEndpointUrl.trim() || null,
    externalTimeoutMs: toNumber(v.externalTimeoutMs),
    welcomeMessage: v.welcomeMessage.trim(),
  };
}

/** Only what changed, so an unchanged save does not bump the version. */
export function changedFields(before: AgentInput, after: AgentInput): Partial<AgentInput> {
  const diff: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof AgentInput)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) diff[key] = after[key];
  }
  return diff as Partial<AgentInput>;
}

export type AgentFieldErrors = Partial<Record<AgentFormField, string>>;

/** What every form section receives. */
export interface SectionProps {
  values: AgentFormValues;
  set: <K extends keyof AgentFormValues>(key: K, value: AgentFormValues[K]) => void;
  errors: AgentFieldErrors;
  disabled: boolean;
}
