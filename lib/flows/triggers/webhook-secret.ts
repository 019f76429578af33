import { randomBytes } from "node:crypto";
import { decryptSecret, encryptSecret } from "../../crypto/secrets";
import { secretsKeyring } from "../../providers/keyring";
import { sha256Hex } from "./webhook-ingress";

/**
 * A flow's webhook token and signing secret at rest. The AADs bind each
 * ciphertext to its flow (the edge function's WebCrypto decryption in
 * supabase/functions/_shared/secrets.ts uses the same strings).
 */
export const webhookTokenAad = (workspaceId: string, flowId: string) =>
  `flows:webhook_token:${workspaceId}:${flowId}`;
export const webhookSecretAad = (workspaceId: string, flowId: string) =>
  `flows:webhook_secret:${workspaceId}:${flowId}`;

/** 32 random bytes, base64url: the URL's unguessable part. */
export function generateWebhookToken(): string {
  return randomBytes(32).toString("base64url");
}

export async function webhookTokenColumns(
  workspaceId: string,
  flowId: string,
  token = generateWebhookToken(),
) {
  return {
    token,
    webhook_token_hash: await sha256Hex(token),
    webhook_token_enc: encryptSecret(secretsKeyring(), token, webhookTokenAad(workspaceId, flowId)),
  };
}

export function encryptWebhookSecret(workspaceId: string, flowId: string, secret: string): string {
  return encryptSecret(secretsKeyring(), secret, webhookSecretAad(workspaceId, flowId));
}

export function decryptWebhookSecret(workspaceId: string, flowId: string, envelope: string): string {
  return decryptSecret(secretsKeyring(), envelope, webhookSecretAad(workspaceId, flowId));
}
