import { z } from "zod";
import { pgText } from "../validation";

export const PROVIDER_KINDS = ["openai", "anthropic", "google", "openai_compatible"] as const;
export const providerKindSchema = z.enum(PROVIDER_KINDS, {
  message: `Choose a provider: ${PROVIDER_KINDS.join(", ")}.`,
});
export type ProviderKind = z.infer<typeof providerKindSchema>;

export const PROVIDER_LABELS: Record<ProviderKind, string> = {
  openai: "OpenAI",
  anthropic: "Anthropic",
  google: "Google Gemini",
  openai_compatible: "OpenAI-compatible",
};

export const providerConnectionIdSchema = z.uuid({ message: "Not a valid provider connection id." });

const nameSchema = pgText().trim().min(1, "Give the connection a name.").max(80);
// Stored without a trailing slash so `${baseUrl}/models` is always well formed.
const baseUrlSchema = z
  .string()
  .trim()
  .max(2048, "Use at most 2048 characters.")
  .pipe(z.url({ protocol: /^https?$/, message: "Enter an http:// or https:// URL." }))
  .transform((u) => u.replace(/\/+$/, ""));
const modelsSchema = z
  .array(z.string().trim().min(1).max(200))
  .max(200, "At most 200 models.")
  .transform((m) => [...new Set(m)]);
const apiKeySchema = z.string().trim().min(1, "Enter the API key.").max(4096);

export const createProviderConnectionInput = z
  .object({
    provider: providerKindSchema,
    name: nameSchema,
    baseUrl: baseUrlSchema.optional(),
    models: modelsSchema.optional(),
    apiKey: apiKeySchema.optional(),
  })
  .refine((v) => v.provider !== "openai_compatible" || v.baseUrl, {
    message: "An OpenAI-compatible connection needs a base URL.",
    path: ["baseUrl"],
  });
export type CreateProviderConnectionInput = z.infer<typeof createProviderConnectionInput>;

/** Omitted fields stay as they are; `apiKey: null` removes the key, `baseUrl: null` the override. */
export const updateProviderConnectionInput = z
  .object({
    name: nameSchema.optional(),
    baseUrl: baseUrlSchema.nullable().optional(),
    models: modelsSchema.optional(),
    apiKey: apiKeySchema.nullable().optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: "Nothing to change." });
export type UpdateProviderConnectionInput = z.infer<typeof updateProviderConnectionInput>;

/** What any member may see of a connection: never the key, only its last characters. */
export interface ProviderConnectionView {
  id: string;
  provider: ProviderKind;
  name: string;
  baseUrl: string | null;
  models: string[];
  apiKeyHint: string | null;
  hasApiKey: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface ProviderTestResult {
  ok: boolean;
  latencyMs: number;
  error?: string;
}
