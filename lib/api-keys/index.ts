export {
  type ApiKeyPrincipal,
  authenticateApiKey,
  bearerToken,
  hasScope,
  requireScope,
} from "./authenticate";
export { createApiKey, listApiKeys, renameApiKey, revokeApiKey } from "./keys";
export * from "./schema";
export { API_KEY_PATTERN, generateApiKeySecret, hashApiKeySecret } from "./secret";
