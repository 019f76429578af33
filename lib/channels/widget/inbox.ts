import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { decryptSecret } from "../../crypto/secrets";
import { getDb } from "../../db/client";
import { runAsService } from "../../db/rls";
import { AppError } from "../../errors";
import { secretsKeyring } from "../../providers/keyring";
import { inboxSecretAad, putInboxSecrets } from "../secrets";
import { readWidgetSettings, type WidgetSettings } from "./settings";

/** A widget inbox as the public widget endpoints see it (no secret but the key, which never leaves the server). */
export interface WidgetInbox {
  id: string;
  workspaceId: string;
  agentId: string | null;
  botEnabled: boolean;
  createdBy: string | null;
  settings: WidgetSettings;
}

export const PUBLIC_KEY = /^pk_[A-Za-z0-9]{24}$/;
const SIGNING_KEY = "visitor_signing_key";

const unavailable = () => new AppError("not_found", "This chat is not available.");

/**
 * The widget inbox behind a public key, with its visitor signing key. The
 * service path: a visitor has no account, so the public key (an id, not a
 * secret) decides the inbox and the workspace; everything after is filtered
 * by both explicitly.
 */
export async function widgetInboxByKey(publicKey: string): Promise<WidgetInbox & { signingKey: Uint8Array }> {
  if (typeof publicKey !== "string" || !PUBLIC_KEY.test(publicKey)) throw unavailable();
  const row = await runAsService("widget:inbox", (tx) =>
    tx
      .selectFrom("inboxes as i")
      .leftJoin("inbox_secrets as s", (j) =>
        j
          .onRef("s.inbox_id", "=", "i.id")
          .onRef("s.workspace_id", "=", "i.workspace_id")
          .on("s.name", "=", SIGNING_KEY),
      )
      .select([
        "i.id",
        "i.workspace_id",
        "i.agent_id",
        "i.bot_enabled",
        "i.created_by",
        "i.settings",
        "s.ciphertext",
      ])
      .where("i.public_key", "=", publicKey)
      .where("i.channel", "=", "widget")
      .executeTakeFirst(),
  );
  if (!row) throw unavailable();
  const inbox: WidgetInbox = {
    id: row.id,
    workspaceId: row.workspace_id,
    agentId: row.agent_id,
    botEnabled: row.bot_enabled,
    createdBy: row.created_by,
    settings: readWidgetSettings(row.settings),
  };
  const secret = row.ciphertext
    ? decryptSecret(
        secretsKeyring(),
        row.ciphertext,
        inboxSecretAad(inbox.workspaceId, inbox.id, SIGNING_KEY),
      )
    : await createSigningKey(inbox);
  // The secret's bytes as they are: a key set by hand need not be base64.
  return { ...inbox, signingKey: new TextEncoder().encode(secret) };
}

/**
 * An inbox made without a signing key (or whose key was cleared to sign every
 * visitor out) gets one on first use. Two first visitors at once: the first
 * insert wins and both read it back, so no token is signed with a lost key.
 */
async function createSigningKey(inbox: WidgetInbox): Promise<string> {
  return runAsService(
    "widget:signing-key",
    async (tx) => {
      await sql`select pg_advisory_xact_lock(hashtext(${`widget-key:${inbox.id}`}))`.execute(tx);
      const existing = await tx
        .selectFrom("inbox_secrets")
        .select("ciphertext")
        .where("workspace_id", "=", inbox.workspaceId)
        .where("inbox_id", "=", inbox.id)
        .where("name", "=", SIGNING_KEY)
        .executeTakeFirst();
      const aad = inboxSecretAad(inbox.workspaceId, inbox.id, SIGNING_KEY);
      if (existing) return decryptSecret(secretsKeyring(), existing.ciphertext, aad);
      const key = randomBytes(32).toString("base64url");
      await putInboxSecrets(tx, inbox.workspaceId, inbox.id, { [SIGNING_KEY]: key });
      return key;
    },
    getDb(),
  );
}
