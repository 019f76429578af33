import { agentPresets } from "@/lib/agents/presets";
import { toolLabel } from "./tool-catalog";
import type { AgentConfig, AgentType } from "./types";

export const configLabels: Record<keyof AgentConfig, string> = {
  name: "Name",
  avatar: "Avatar",
  description: "Description",
  type: "Type",
  instructions: "Instructions",
  providerConnectionId: "Provider connection",
  model: "Model",
  temperature: "Temperature",
  maxSteps: "Max steps",
  tools: "Tools",
  ragEnabled: "Knowledge (RAG)",
  ragTopK: "Top K",
  externalEndpointUrl: "Endpoint URL",
  externalTimeoutMs: "Timeout (ms)",
  welcomeMessage: "Welcome message",
};

export const configKeys = Object.keys(configLabels) as (keyof AgentConfig)[];

/** Keys whose value differs from the previous version (none for the first version). */
export function changedKeys(config: AgentConfig, previous: AgentConfig | undefined): (keyof AgentConfig)[] {
  if (!previous) return [];
  return configKeys.filter((k) => JSON.stringify(config[k]) !== JSON.stringify(previous[k]));
}

/** A value as people read it: labels for types and tools, On/Off for switches. */
export function formatValue(key: keyof AgentConfig, value: unknown): string {
  if (key === "type" && typeof value === "string") return agentPresets[value as AgentType]?.label ?? value;
  if (key === "tools" && Array.isArray(value)) return value.length ? value.map(toolLabel).join(", ") : "None";
  if (typeof value === "boolean") return value ? "On" : "Off";
  if (value === null || value === "") return "—";
  if (Array.isArray(value)) return value.length ? value.join(", ") : "—";
  return String(value);
}
