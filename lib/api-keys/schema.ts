import { z } from "zod";
import { pgText } from "../validation";

/** Access levels; `write` implies `read`. */
export const apiKeyAccess = ["read", "write"] as const;
export type ApiKeyAccess = (typeof apiKeyAccess)[number];

/** Tool groups a key may be limited to. */
export const apiKeyGroups = ["agents", "chat", "conversations", "catalog", "usage", "flows"] as const;
export type ApiKeyGroup = (typeof apiKeyGroups)[number];

export const apiKeyScopes = [...apiKeyAccess, ...apiKeyGroups] as const;
export const apiKeyScopeSchema = z.enum(apiKeyScopes);
export type ApiKeyScope = z.infer<typeof apiKeyScopeSchema>;

export const apiKeyIdSchema = z.uuid({ message: "Not a valid API key id." });

export const createApiKeyInput = z
  .object({
    name: pgText().trim().min(1, "Give the key a name.").max(80),
    scopes: z
      .array(apiKeyScopeSchema)
      .min(1)
      .transform((s) => [...new Set(s)])
      .refine((s) => s.includes("read") || s.includes("write"), "Choose read or write access.")
      .refine(
        (s) => s.some((x) => (apiKeyGroups as readonly string[]).includes(x)),
        "Choose at least one tool group.",
      ),
    /** ISO date-time; omitted or null for a key that does not expire. */
    expiresAt: z.iso
      .datetime({ offset: true, message: "Use an ISO date-time." })
      .nullish()
      .refine((v) => !v || Date.parse(v) > Date.now(), "The expiry must be in the future."),
  })
  .strict();
export type CreateApiKeyInput = z.input<typeof createApiKeyInput>;

export const renameApiKeyInput = z.object({ name: createApiKeyInput.shape.name }).strict();
