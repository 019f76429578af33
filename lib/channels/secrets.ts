import { sql } from "kysely";
import { decryptSecret, encryptSecret } from "../crypto/secrets";
import type { Database } from "../db/client";
import type { Tx } from "../db/rls";
import { secretsKeyring } from "../providers/keyring";

/** The secrets a channel may store (inbox_secrets.name). */
export const INBOX_SECRET_NAMES = [
  "api_token",
  "webhook_secret",
  "access_token",
  "app_secret",
  "verify_token",
  "visitor_signing_key",
] as const;
export type InboxSecretName = (typeof INBOX_SECRET_NAMES)[number];

/** Binds a ciphertext to its inbox and name: copied to another row, it no longer decrypts. */
export const inboxSecretAad = (workspaceId: string, inboxId: string, name: string) =>
  `inbox_secrets:${workspaceId}:${inboxId}:${name}`;

/** What members see of a secret: its last four characters, masked. */
export function secretHint(value: string): string {
  return `••••${value.length >= 12 ? value.slice(-4) : ""}`;
}

type Db = Database | Tx;

/** Stores (or replaces) secrets of an inbox, encrypted, on the service path. */
export async function putInboxSecrets(
  db: Db,
  workspaceId: string,
  inboxId: string,
  secrets: Partial<Record<InboxSecretName, string>>,
): Promise<void> {
  const rows = Object.entries(secrets)
    .filter((e): e is [InboxSecretName, string] => typeof e[1] === "string" && e[1].length > 0)
    .map(([name, value]) => ({
      inbox_id: inboxId,
      workspace_id: workspaceId,
      name,
      ciphertext: encryptSecret(secretsKeyring(), value, inboxSecretAad(workspaceId, inboxId, name)),
      hint: secretHint(value),
    }));
  if (rows.length === 0) return;
  await db
    .insertInto("inbox_secrets")
    .values(rows)
    .onConflict((oc) =>
      oc.columns(["inbox_id", "name"]).doUpdateSet({
        ciphertext: (eb) => eb.ref("excluded.ciphertext"),
        hint: (eb) => eb.ref("excluded.hint"),
        updated_at: sql`now()`,
      }),
    )
    .execute();
}

/** Removes secrets of an inbox (a cleared field). */
export async function deleteInboxSecrets(
  db: Db,
  workspaceId: string,
  inboxId: string,
  names: InboxSecretName[],
): Promise<void> {
  if (names.length === 0) return;
  await db
    .deleteFrom("inbox_secrets")
    .where("workspace_id", "=", workspaceId)
    .where("inbox_id", "=", inboxId)
    .where("name", "in", names)
    .execute();
}

/** Decrypts one secret of an inbox; undefined when it is not set. Server-side only. */
export async function readInboxSecret(
  db: Db,
  workspaceId: string,
  inboxId: string,
  name: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom("inbox_secrets")
    .select("ciphertext")
    .where("workspace_id", "=", workspaceId)
    .where("inbox_id", "=", inboxId)
    .where("name", "=", name)
    .executeTakeFirst();
  return openInboxSecret(workspaceId, inboxId, name, row?.ciphertext);
}

/** Decrypts one secret of an inbox read elsewhere (with its ciphertext); undefined when not set. */
export function openInboxSecret(
  workspaceId: string,
  inboxId: string,
  name: string,
  ciphertext: string | undefined,
): string | undefined {
  return ciphertext === undefined
    ? undefined
    : decryptSecret(secretsKeyring(), ciphertext, inboxSecretAad(workspaceId, inboxId, name));
}

/** The masked hints of an inbox's secrets, by name: all a browser or a model ever sees. */
export async function inboxSecretHints(
  db: Db,
  workspaceId: string,
  inboxIds: string[],
): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>();
  if (inboxIds.length === 0) return out;
  const rows = await db
    .selectFrom("inbox_secrets")
    .select(["inbox_id", "name", "hint"])
    .where("workspace_id", "=", workspaceId)
    .where("inbox_id", "in", inboxIds)
    .execute();
  for (const r of rows) out.set(r.inbox_id, { ...out.get(r.inbox_id), [r.name]: r.hint });
  return out;
}
