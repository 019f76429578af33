import { decryptSecret } from "../crypto/secrets";
import { runAsService, runAsUser } from "../db/rls";
import type { WorkspaceScope } from "../workspaces";
import { getConnectionRow } from "./connections";
import { providerKeyAad, secretsKeyring } from "./keyring";
import type { ProviderKind } from "./schema";

export interface ConnectionWithKey {
  id: string;
  provider: ProviderKind;
  name: string;
  baseUrl: string | null;
  models: string[];
  apiKey: string | null;
}

/**
 * The one place a stored key is decrypted. The row is first read as the user,
 * which proves the caller may see this workspace's connection; only then is the
 * ciphertext (unreadable by `authenticated`) fetched on the service path, keyed
 * by the same id and workspace.
 */
export async function loadConnectionWithKey(ctx: WorkspaceScope, id: string): Promise<ConnectionWithKey> {
  const row = await runAsUser(ctx.claims, (tx) => getConnectionRow(tx, ctx, id));
  const secret = await runAsService("providers:read-api-key", (tx) =>
    tx
      .selectFrom("provider_connections")
      .select("api_key_ciphertext")
      .where("id", "=", row.id)
      .where("workspace_id", "=", ctx.workspaceId)
      .executeTakeFirst(),
  );
  const ciphertext = secret?.api_key_ciphertext ?? null;
  return {
    id: row.id,
    provider: row.provider,
    name: row.name,
    baseUrl: row.base_url,
    models: row.models,
    apiKey: ciphertext
      ? decryptSecret(secretsKeyring(), ciphertext, providerKeyAad(ctx.workspaceId, row.id))
      : null,
  };
}
