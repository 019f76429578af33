import { decryptSecret, encryptSecret, maskSecret } from "../crypto/secrets";
import { runAsService } from "../db/rls";
import { secretsKeyring } from "../providers/keyring";
import type { IntegrationAuthType } from "./schema";

/** Binds a ciphertext to its row: copied to another workspace or integration, it no longer decrypts. */
export function integrationSecretAad(workspaceId: string, integrationId: string): string {
  return `mcp_integrations:${workspaceId}:${integrationId}`;
}

export function encryptIntegrationSecret(workspaceId: string, integrationId: string, secret: string) {
  return {
    secret_ciphertext: encryptSecret(
      secretsKeyring(),
      secret,
      integrationSecretAad(workspaceId, integrationId),
    ),
    secret_hint: maskSecret(secret),
  };
}

/**
 * The one place an integration's secret is decrypted. The caller must already
 * have read the row through RLS (proving the user may use it); the ciphertext,
 * which `authenticated` cannot select, is then fetched on the service path by
 * the same id and workspace.
 */
export async function loadIntegrationSecret(
  workspaceId: string,
  integrationId: string,
): Promise<string | null> {
  const row = await runAsService("integrations:read-secret", (tx) =>
    tx
      .selectFrom("mcp_integrations")
      .select("secret_ciphertext")
      .where("id", "=", integrationId)
      .where("workspace_id", "=", workspaceId)
      .executeTakeFirst(),
  );
  const ciphertext = row?.secret_ciphertext ?? null;
  return ciphertext
    ? decryptSecret(secretsKeyring(), ciphertext, integrationSecretAad(workspaceId, integrationId))
    : null;
}

export interface IntegrationAuth {
  authType: IntegrationAuthType;
  authHeaderName: string | null;
}

/** The headers that carry the credential; added to each request by the client's fetch, nowhere else. */
export function credentialHeaders(auth: IntegrationAuth, secret: string | null): Record<string, string> {
  if (!secret || auth.authType === "none") return {};
  if (auth.authType === "bearer") return { authorization: `Bearer ${secret}` };
  return auth.authHeaderName ? { [auth.authHeaderName]: secret } : {};
}

/** Removes a secret from text that may echo it (server error bodies), before it is logged or shown. */
export function scrubSecret(text: string, secret: string | null): string {
  if (!secret || secret.length < 4) return text;
  return text.split(secret).join("[redacted]");
}
