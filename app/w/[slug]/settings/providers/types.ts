import { queryKeys, workspacePath } from "@/components/api/types";

// The browser's provider types are the contract's wire shapes (type-only: no server code reaches the bundle).
// A connection as the API sends it: the key itself never leaves the server.
export type {
  AvailableModelJson as AvailableModel,
  CreateProviderConnectionBody,
  PriceJson as Price,
  ProviderConnectionJson as ProviderConnection,
  ProviderTestJson as ProviderTestResult,
  UpdateProviderConnectionBody,
  UpsertPriceBody,
} from "@/lib/providers/contract";
export {
  PROVIDER_KINDS as providerKinds,
  PROVIDER_LABELS as providerLabels,
  type ProviderKind,
} from "@/lib/providers/schema";

/** Starting points for OpenAI-compatible servers. */
export const compatiblePresets = [
  { name: "Ollama", baseUrl: "http://localhost:11434/v1", models: "llama3.2" },
  { name: "vLLM", baseUrl: "http://localhost:8000/v1", models: "" },
  { name: "LM Studio", baseUrl: "http://localhost:1234/v1", models: "" },
  { name: "OpenRouter", baseUrl: "https://openrouter.ai/api/v1", models: "openai/gpt-4o-mini" },
  { name: "Groq", baseUrl: "https://api.groq.com/openai/v1", models: "llama-3.1-8b-instant" },
] as const;

export const providerKeys = {
  all: (slug: string) => [...queryKeys.workspace(slug), "providers"] as const,
};

export const providersPath = (slug: string, sub = "") => workspacePath(slug, `/providers${sub}`);
export const providerPath = (slug: string, id: string, sub = "") =>
  workspacePath(slug, `/providers/${encodeURIComponent(id)}${sub}`);

export const splitModels = (text: string): string[] =>
  text
    .split(/[,\n]/)
    .map((m) => m.trim())
    .filter(Boolean);
