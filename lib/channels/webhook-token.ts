import { createHash, randomBytes } from "node:crypto";
import type { Database } from "../db/client";
import { getDb } from "../db/client";
import type { Tx } from "../db/rls";

/** 32 random bytes, base64url: the unguessable part of an inbox's webhook URL. */
export function generateInboxToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What inboxes.webhook_token_hash stores: sha256 of the token. */
export function inboxTokenHash(token: string): Buffer {
  return createHash("sha256").update(token, "utf8").digest();
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A widget's public id: pk_ + 24 base62 characters (rejection sampling keeps it uniform). */
export function generatePublicKey(): string {
  let out = "pk_";
  while (out.length < 27) {
    for (const b of randomBytes(32)) {
      if (b < 248 && out.length < 27) out += BASE62[b % 62];
    }
  }
  return out;
}

export interface InboxTarget {
  inboxId: string;
  workspaceId: string;
  channel: string;
  settings: Record<string, unknown>;
  agentId: string | null;
  botEnabled: boolean;
}

// A token is base64url of 32 bytes (43 characters); anything else is not looked up.
const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

/**
 * The inbox a webhook URL's token names, when it is of `channel`; null for an
 * unknown token (the route answers 404 without telling which part was wrong).
 */
export async function findInboxByWebhookToken(
  channel: string,
  token: string,
  db: Database | Tx = getDb(),
): Promise<InboxTarget | null> {
  if (!TOKEN.test(token)) return null;
  const row = await db
    .selectFrom("inboxes")
    .select(["id", "workspace_id", "channel", "settings", "agent_id", "bot_enabled"])
    .where("webhook_token_hash", "=", inboxTokenHash(token))
    .executeTakeFirst();
  if (!row || row.channel !== channel) return null;
  return toTarget(row);
}

/** The widget inbox of a public key; null when there is none. */
export async function findInboxByPublicKey(
  publicKey: string,
  db: Database | Tx = getDb(),
): Promise<InboxTarget | null> {
  if (!/^pk_[A-Za-z0-9]{24}$/.test(publicKey)) return null;
  const row = await db
    .selectFrom("inboxes")
    .select(["id", "workspace_id", "channel", "settings", "agent_id", "bot_enabled"])
    .where("public_key", "=", publicKey)
    .executeTakeFirst();
  return row && row.channel === "widget" ? toTarget(row) : null;
}

function toTarget(row: {
  id: string;
  workspace_id: string;
  channel: string;
  settings: unknown;
  agent_id: string | null;
  bot_enabled: boolean;
}): InboxTarget {
  return {
    inboxId: row.id,
    workspaceId: row.workspace_id,
    channel: row.channel,
    settings: (row.settings ?? {}) as Record<string, unknown>,
    agentId: row.agent_id,
    botEnabled: row.bot_enabled,
  };
}
