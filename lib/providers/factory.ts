import { createAnthropic } from "@ai-sdk/anthropic";
import { createGoogleGenerativeAI } from "@ai-sdk/google";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { createGuardedFetch } from "../net/ssrf";
import type { ProviderKind } from "./schema";

export interface ModelSettings {
  provider: ProviderKind;
  modelId: string;
  /** Always a string for workspace connections: undefined would make the SDKs fall back to the instance's env key. */
  apiKey: string | undefined;
  baseUrl?: string | null;
  /**
   * True when a workspace chose the base URL: every request then goes through
   * the SSRF guard (re-resolved and pinned per call), not just the check at save time.
   */
  guarded: boolean;
}

/** Builds an AI SDK model for one provider; no network happens until it is called. */
export function buildLanguageModel(s: ModelSettings): LanguageModelV3 {
  const baseURL = s.baseUrl ?? undefined;
  const fetch = s.guarded && baseURL ? createGuardedFetch() : undefined;
  switch (s.provider) {
    case "openai": {
      const openai = createOpenAI({ apiKey: s.apiKey, baseURL, fetch });
      // A custom base URL is usually a proxy or gateway: Chat Completions is what those speak,
      // the Responses API (the SDK's default) often is not.
      return baseURL ? openai.chat(s.modelId) : openai(s.modelId);
    }
    case "anthropic":
      return createAnthropic({ apiKey: s.apiKey, baseURL, fetch })(s.modelId);
    case "google":
      return createGoogleGenerativeAI({ apiKey: s.apiKey, baseURL, fetch })(s.modelId);
    case "openai_compatible":
      return createOpenAICompatible({
        name: "openai_compatible",
        baseURL: baseURL ?? "",
        apiKey: s.apiKey || undefined,
        fetch,
        // Without it, streamed replies carry no token counts and cost nothing.
        includeUsage: true,
      }).chatModel(s.modelId);
  }
}
