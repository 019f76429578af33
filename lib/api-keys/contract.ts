import { z } from "zod";
import { isoTimestamp } from "../contract/json";
import { defineOperation } from "../contract/operation";
import { createApiKey, listApiKeys, renameApiKey, revokeApiKey } from "./keys";
import { apiKeyIdSchema, apiKeyScopeSchema, createApiKeyInput, renameApiKeyInput } from "./schema";

/**
 * The API keys' public contract. A key is listed by its prefix and metadata;
 * its secret appears in exactly one answer, the creation's, and only its hash
 * is stored. The domain (keys.ts) builds these JSON-ready values directly.
 */

// ---- Output shapes -------------------------------------------------------

export const apiKeyOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string().describe("The key's public part, shown in lists; the secret starts with it"),
  scopes: z.array(apiKeyScopeSchema),
  role: z.enum(["viewer", "member", "admin"]).describe("The role the key acts with, derived from its scopes"),
  createdBy: z.uuid(),
  createdByEmail: z.string().nullable(),
  createdAt: isoTimestamp,
  expiresAt: isoTimestamp.nullable(),
  lastUsedAt: isoTimestamp.nullable(),
  revokedAt: isoTimestamp.nullable(),
  active: z.boolean().describe("Usable right now: neither revoked nor expired"),
});
export type ApiKeyJson = z.infer<typeof apiKeyOutput>;

export const apiKeyListOutput = z.object({ keys: z.array(apiKeyOutput) });
export const apiKeyResult = z.object({ key: apiKeyOutput });

/** The creation's answer: the only one that ever carries the secret. */
export const createdApiKeyOutput = z.object({
  key: apiKeyOutput,
  secret: z.string().describe("The full secret. Shown once; only its hash is stored"),
});
export type CreatedApiKeyJson = z.infer<typeof createdApiKeyOutput>;

export type CreateApiKeyBody = z.input<typeof createApiKeyInput>;

// ---- Operations ----------------------------------------------------------

const keyParams = z.object({ id: apiKeyIdSchema });

export const listApiKeysOp = defineOperation({
  id: "apiKeys.list",
  method: "get",
  summary: "List API keys",
  description: "Never includes a secret: only its prefix and metadata.",
  output: apiKeyListOutput,
  outputDescription: "Every key, revoked and expired ones included.",
  web: { path: "/api-keys", role: "admin" },
  async run(scope) {
    return { keys: await listApiKeys(scope) };
  },
});

export const createApiKeyOp = defineOperation({
  id: "apiKeys.create",
  method: "post",
  summary: "Create an API key",
  body: createApiKeyInput,
  output: createdApiKeyOutput,
  status: 201,
  outputDescription: "The key and its secret, this once.",
  secretInAnswer: true,
  web: {
    path: "/api-keys",
    role: "admin",
    rateLimit: { name: "api-key-create", max: 30, windowSeconds: 60 },
  },
  async run(scope, { body }) {
    return createApiKey(scope, body);
  },
});

export const renameApiKeyOp = defineOperation({
  id: "apiKeys.rename",
  method: "patch",
  summary: "Rename an API key",
  params: keyParams,
  body: renameApiKeyInput,
  output: apiKeyResult,
  outputDescription: "The key, renamed.",
  web: { path: "/api-keys/{id}", role: "admin" },
  async run(scope, { params, body }) {
    return { key: await renameApiKey(scope, params.id, body) };
  },
});

export const revokeApiKeyOp = defineOperation({
  id: "apiKeys.revoke",
  method: "delete",
  summary: "Revoke an API key",
  description: "The row stays, for the list and the activity log; the key fails from its next request.",
  params: keyParams,
  output: apiKeyResult,
  outputDescription: "The key, revoked.",
  web: { path: "/api-keys/{id}", role: "admin" },
  async run(scope, { params }) {
    return { key: await revokeApiKey(scope, params.id) };
  },
});

export const apiKeyOperations = [listApiKeysOp, createApiKeyOp, renameApiKeyOp, revokeApiKeyOp];
