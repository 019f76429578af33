import { randomBytes } from "node:crypto";
import type { Updateable } from "kysely";
import { withDbErrors } from "../agents/db-errors";
import { deleteInboxSecrets, type InboxSecretName, putInboxSecrets } from "../channels/secrets";
import { channelSecretNames, WEBHOOK_CHANNELS } from "../channels/settings";
import { generateInboxToken, generatePublicKey, inboxTokenHash } from "../channels/webhook-token";
import { runAsUser, type Tx } from "../db/rls";
import type { Inboxes } from "../db/types";
import { env } from "../env";
import { AppError, isAppError } from "../errors";
import { assertPublicUrlIfLiteral } from "../net/ssrf";
import { parseWith } from "../validation";
import type { WorkspaceScope } from "../workspaces";
import { readInboxes, withServiceRole } from "./inbox-rows";
import {
  allowedSecrets,
  type CreateInboxInput,
  createInboxInput,
  type InboxChannel,
  type InboxView,
  inboxIdSchema,
  parseChannelSettings,
  type UpdateInboxInput,
  updateInboxInput,
} from "./schema";

const notFound = () => new AppError("not_found", "Inbox not found.");

/** Where a channel's vendor sends its webhooks; the token is shown once. */
export const inboxWebhookUrl = (channel: string, token: string) =>
  `${env().APP_URL}/api/channels/${channel}/${token}`;

export interface InboxWithToken {
  inbox: InboxView;
  /** Only when just created or rotated: the raw token and its URL. */
  webhook: { token: string; url: string } | null;
}

function assertId(id: string) {
  if (!inboxIdSchema.safeParse(id).success) throw new AppError("validation_failed", "Not a valid inbox id.");
}

export async function listInboxes(ctx: WorkspaceScope): Promise<InboxView[]> {
  return runAsUser(ctx.claims, (tx) => readInboxes(tx, ctx.workspaceId));
}

export async function getInbox(ctx: WorkspaceScope, id: string): Promise<InboxView> {
  assertId(id);
  const [inbox] = await runAsUser(ctx.claims, (tx) => readInboxes(tx, ctx.workspaceId, id));
  if (!inbox) throw notFound();
  return inbox;
}

function settingsFor(channel: InboxChannel, settings: unknown): Record<string, unknown> {
  const parsed = parseChannelSettings(channel, settings);
  if (!parsed.success)
    throw new AppError("validation_failed", "Check the channel's settings.", {
      details: parsed.error.issues.map((i) => ({
        path: ["settings", ...i.path].join("."),
        message: i.message,
      })),
    });
  return parsed.data as Record<string, unknown>;
}

/**
 * The addresses the worker will call (Chatwoot's, the Graph API's): a private
 * or metadata IP, or a local name, is refused when saved; a name is vetted by
 * the SSRF guard on every call (lib/net/safe-fetch.ts).
 */
async function vetSettingsUrls(settings: Record<string, unknown>): Promise<void> {
  for (const key of ["baseUrl", "graphBaseUrl"]) {
    const url = settings[key];
    if (typeof url !== "string") continue;
    try {
      await assertPublicUrlIfLiteral(url);
    } catch (e) {
      if (!isAppError(e)) throw e;
      throw new AppError("validation_failed", "Check the channel's settings.", {
        details: [{ path: `settings.${key}`, message: e.message }],
      });
    }
  }
}

function checkSecrets(channel: InboxChannel, secrets: Record<string, string | null> = {}) {
  const allowed = allowedSecrets(channel);
  const unknown = Object.keys(secrets).filter((n) => !allowed.includes(n as InboxSecretName));
  if (unknown.length > 0)
    throw new AppError("validation_failed", `A ${channel} inbox does not take ${unknown.join(", ")}.`, {
      details: unknown.map((n) => ({ path: `secrets.${n}`, message: "Not used by this channel." })),
    });
}

async function assertAgent(tx: Tx, ctx: WorkspaceScope, agentId: string | null | undefined) {
  if (!agentId) return;
  const a = await tx
    .selectFrom("agents")
    .select("id")
    .where("workspace_id", "=", ctx.workspaceId)
    .where("id", "=", agentId)
    .executeTakeFirst();
  if (!a) throw new AppError("validation_failed", "That agent does not exist in this workspace.");
}

/** Admins (RLS). The bot acts as the creator; a webhook channel's token is answered once. */
export async function createInbox(ctx: WorkspaceScope, input: CreateInboxInput): Promise<InboxWithToken> {
  const v = parseWith(createInboxInput, input);
  const settings = settingsFor(v.channel, v.settings);
  await vetSettingsUrls(settings);
  checkSecrets(v.channel, v.secrets);
  const missing = channelSecretNames[v.channel].required.filter((n) => !v.secrets?.[n]);
  if (missing.length > 0)
    throw new AppError("validation_failed", `A ${v.channel} inbox needs ${missing.join(", ")}.`, {
      details: missing.map((n) => ({ path: `secrets.${n}`, message: "Required." })),
    });
  const token = (WEBHOOK_CHANNELS as readonly string[]).includes(v.channel) ? generateInboxToken() : null;
  const id = await withDbErrors(() =>
    runAsUser(ctx.claims, async (tx) => {
      await assertAgent(tx, ctx, v.agentId);
      const row = await tx
        .insertInto("inboxes")
        .values({
          workspace_id: ctx.workspaceId,
          name: v.name,
          channel: v.channel,
          agent_id: v.agentId ?? null,
          settings: JSON.stringify(settings),
          bot_enabled: v.botEnabled ?? true,
          created_by: ctx.claims.sub,
          public_key: v.channel === "widget" ? generatePublicKey() : null,
          webhook_token_hash: token ? inboxTokenHash(token) : null,
        })
        .returning("id")
        .executeTakeFirst();
      if (!row) throw new AppError("forbidden", "Only admins can add inboxes.");
      const secrets: Partial<Record<InboxSecretName, string>> = {};
      for (const [k, val] of Object.entries(v.secrets ?? {})) if (val) secrets[k as InboxSecretName] = val;
      if (v.channel === "widget") secrets.visitor_signing_key = randomBytes(32).toString("base64url");
      await withServiceRole(tx, () => putInboxSecrets(tx, ctx.workspaceId, row.id, secrets));
      return row.id;
    }),
  );
  return {
    inbox: await getInbox(ctx, id),
    webhook: token ? { token, url: inboxWebhookUrl(v.channel, token) } : null,
  };
}

/** Admins (RLS). Secrets given replace the stored ones; null removes one. */
export async function updateInbox(
  ctx: WorkspaceScope,
  id: string,
  patch: UpdateInboxInput,
): Promise<InboxView> {
  assertId(id);
  const v = parseWith(updateInboxInput, patch);
  await withDbErrors(() =>
    runAsUser(ctx.claims, async (tx) => {
      const [current] = await readInboxes(tx, ctx.workspaceId, id);
      if (!current) throw notFound();
      if (current.channel === "web" && Object.keys(v).some((k) => k !== "name"))
        throw new AppError("bad_request", "The web chat inbox can only be renamed.");
      checkSecrets(current.channel, v.secrets ?? {});
      const removed = Object.entries(v.secrets ?? {}).filter(([, val]) => val === null);
      const required: readonly string[] = channelSecretNames[current.channel].required;
      const badRemoval = removed.map(([k]) => k).filter((k) => required.includes(k));
      if (badRemoval.length > 0)
        throw new AppError("validation_failed", `A ${current.channel} inbox needs ${badRemoval.join(", ")}.`);
      await assertAgent(tx, ctx, v.agentId);
      const set: Updateable<Inboxes> = {};
      if (v.name !== undefined) set.name = v.name;
      if (v.agentId !== undefined) set.agent_id = v.agentId;
      if (v.botEnabled !== undefined) set.bot_enabled = v.botEnabled;
      if (v.settings !== undefined) {
        const settings = settingsFor(current.channel, v.settings);
        await vetSettingsUrls(settings);
        set.settings = JSON.stringify(settings);
      }
      if (v.actAsMe) set.created_by = ctx.claims.sub;
      const res = await tx
        .updateTable("inboxes")
        .set(Object.keys(set).length > 0 ? set : { name: current.name })
        .where("workspace_id", "=", ctx.workspaceId)
        .where("id", "=", id)
        .returning("id")
        .executeTakeFirst();
      if (!res) throw new AppError("forbidden", "Only admins can change inboxes.");
      const put: Partial<Record<InboxSecretName, string>> = {};
      for (const [k, val] of Object.entries(v.secrets ?? {})) if (val) put[k as InboxSecretName] = val;
      await withServiceRole(tx, async () => {
        await putInboxSecrets(tx, ctx.workspaceId, id, put);
        await deleteInboxSecrets(
          tx,
          ctx.workspaceId,
          id,
          removed.map(([k]) => k as InboxSecretName),
        );
      });
    }),
  );
  return getInbox(ctx, id);
}

/** A new webhook token: the old URL stops working at once. Admins only. */
export async function rotateInboxToken(ctx: WorkspaceScope, id: string): Promise<InboxWithToken> {
  assertId(id);
  const token = generateInboxToken();
  const channel = await runAsUser(ctx.claims, async (tx) => {
    const [current] = await readInboxes(tx, ctx.workspaceId, id);
    if (!current) throw notFound();
    if (!(WEBHOOK_CHANNELS as readonly string[]).includes(current.channel))
      throw new AppError("bad_request", `A ${current.channel} inbox has no webhook URL.`);
    const res = await tx
      .updateTable("inboxes")
      .set({ webhook_token_hash: inboxTokenHash(token) })
      .where("workspace_id", "=", ctx.workspaceId)
      .where("id", "=", id)
      .returning("id")
      .executeTakeFirst();
    if (!res) throw new AppError("forbidden", "Only admins can rotate an inbox's webhook URL.");
    return current.channel;
  });
  return { inbox: await getInbox(ctx, id), webhook: { token, url: inboxWebhookUrl(channel, token) } };
}

/** Admins (RLS). Its conversations go with it; the web inbox stays. */
export async function deleteInbox(ctx: WorkspaceScope, id: string): Promise<void> {
  assertId(id);
  await runAsUser(ctx.claims, async (tx) => {
    const [current] = await readInboxes(tx, ctx.workspaceId, id);
    if (!current) throw notFound();
    if (current.channel === "web") throw new AppError("bad_request", "The web chat inbox cannot be deleted.");
    const res = await tx
      .deleteFrom("inboxes")
      .where("workspace_id", "=", ctx.workspaceId)
      .where("id", "=", id)
      .executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) throw new AppError("forbidden", "Only admins can delete inboxes.");
  });
}
