import { OFFLINE_MODEL_ID, OFFLINE_MODEL_LABEL, OFFLINE_PROVIDER } from "../ai/offline-model";
import { env } from "../env";
import { AppError } from "../errors";
import { PROVIDER_KINDS, PROVIDER_LABELS, type ProviderKind } from "./schema";

/** A small curated list per vendor; any other model id still works when typed in. */
export const BUILTIN_MODELS: Record<Exclude<ProviderKind, "openai_compatible">, string[]> = {
  openai: ["gpt-4o-mini", "gpt-4o", "gpt-4.1-mini", "gpt-4.1"],
  anthropic: ["claude-haiku-4-5", "claude-sonnet-4-5"],
  google: ["gemini-2.5-flash", "gemini-2.5-pro"],
};

/** One instance-wide provider configured by the operator through the environment. */
export interface InstanceProvider {
  provider: ProviderKind;
  apiKey: string | undefined;
  baseUrl: string | undefined;
  models: string[];
}

export function instanceProviders(): InstanceProvider[] {
  const e = env();
  const list: InstanceProvider[] = [];
  const vendor = (provider: keyof typeof BUILTIN_MODELS, apiKey: string | undefined) => {
    if (apiKey) list.push({ provider, apiKey, baseUrl: undefined, models: BUILTIN_MODELS[provider] });
  };
  vendor("openai", e.OPENAI_API_KEY);
  vendor("anthropic", e.ANTHROPIC_API_KEY);
  vendor("google", e.GOOGLE_GENERATIVE_AI_API_KEY);
  if (e.OPENAI_COMPATIBLE_BASE_URL) {
    list.push({
      provider: "openai_compatible",
      apiKey: e.OPENAI_COMPATIBLE_API_KEY,
      baseUrl: e.OPENAI_COMPATIBLE_BASE_URL.replace(/\/+$/, ""),
      models: (e.OPENAI_COMPATIBLE_MODELS ?? "")
        .split(",")
        .map((m) => m.trim())
        .filter(Boolean),
    });
  }
  return list;
}

export interface ModelRef {
  provider: ProviderKind | typeof OFFLINE_PROVIDER;
  modelId: string;
}

/**
 * Reads an instance model reference "provider:model". Only the first colon
 * separates: model ids such as Ollama's "llama3:8b" keep theirs.
 */
export function parseModelRef(ref: string): ModelRef {
  const at = ref.indexOf(":");
  const provider = ref.slice(0, at);
  const modelId = ref.slice(at + 1).trim();
  const known = [...PROVIDER_KINDS, OFFLINE_PROVIDER] as string[];
  if (at <= 0 || !modelId || !known.includes(provider)) {
    throw new AppError(
      "bad_request",
      `"${ref}" is not a model reference. Write it as provider:model, e.g. "openai:gpt-4o-mini", with provider one of ${known.join(", ")}.`,
    );
  }
  return { provider: provider as ModelRef["provider"], modelId };
}

export const modelRef = (provider: string, modelId: string) => `${provider}:${modelId}`;

export function providerLabel(provider: string): string {
  return provider === OFFLINE_PROVIDER ? "Offline" : (PROVIDER_LABELS[provider as ProviderKind] ?? provider);
}

export const OFFLINE = {
  provider: OFFLINE_PROVIDER,
  modelId: OFFLINE_MODEL_ID,
  label: OFFLINE_MODEL_LABEL,
} as const;
