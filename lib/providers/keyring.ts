import { type Keyring, parseKeyring } from "../crypto/secrets";
import { env } from "../env";
import { AppError } from "../errors";

let cached: { spec: string; ring: Keyring } | undefined;

/** The SECRETS_KEYS keyring, parsed once per value. */
export function secretsKeyring(): Keyring {
  const spec = env().SECRETS_KEYS;
  if (!spec) {
    throw new AppError("unavailable", "API keys cannot be stored or used: SECRETS_KEYS is not configured.");
  }
  if (cached?.spec !== spec) cached = { spec, ring: parseKeyring(spec) };
  return cached.ring;
}

/** Binds a ciphertext to its row: copied to another workspace or row, it no longer decrypts. */
export function providerKeyAad(workspaceId: string, connectionId: string): string {
  return `provider_connections:${workspaceId}:${connectionId}`;
}
