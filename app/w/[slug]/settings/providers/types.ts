import { queryKeys, workspacePath } from "@/components/api/types";
import type { ProviderConnectionView, ProviderKind, ProviderTestResult } from "@/lib/providers/schema";

export type { ProviderKind, ProviderTestResult };

/** A connection as the API sends it: the key itself never leaves the server. */
export type ProviderConnection = Omit<ProviderConnectionView, "createdAt" | "updatedAt"> & {
  createdAt: string;
  updatedAt: string;
};

export const providerKinds: ProviderKind[] = ["openai", "anthropic", "google", "openai_compatible"];

export const providerLabels: Record<ProviderKind, string> = {
  openai: "OpenAI",
  anthropic: "Anthropic",
  google: "Google Gemini",
  openai_compatible: "OpenAI-compatible",
};

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
