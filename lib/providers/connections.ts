import { encryptSecret, maskSecret } from "../crypto/secrets";
import { runAsUser, type Tx } from "../db/rls";
import { AppError } from "../errors";
import { assertPublicUrl } from "../net/ssrf";
import type { WorkspaceScope } from "../workspaces";
import { providerKeyAad, secretsKeyring } from "./keyring";
import {
  type CreateProviderConnectionInput,
  type ProviderConnectionView,
  type ProviderKind,
  providerConnectionIdSchema,
  type UpdateProviderConnectionInput,
} from "./schema";

// Every column `authenticated` may read; api_key_ciphertext is deliberately absent.
const VIEW_COLUMNS = [
  "id",
  "provider",
  "name",
  "base_url",
  "models",
  "api_key_hint",
  "created_at",
  "updated_at",
] as const;

interface ViewRow {
  id: string;
  provider: ProviderKind;
  name: string;
  base_url: string | null;
  models: string[];
  api_key_hint: string | null;
  created_at: Date;
  updated_at: Date;
}

export const connectionNotFound = () =>
  new AppError("not_found", "That provider connection does not exist in this workspace.");

function toView(r: ViewRow): ProviderConnectionView {
  return {
    id: r.id,
    provider: r.provider,
    name: r.name,
    baseUrl: r.base_url,
    models: r.models,
    apiKeyHint: r.api_key_hint,
    // The hint is written with every key and cleared with it; the ciphertext itself is not readable here.
    hasApiKey: r.api_key_hint !== null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/**
 * A stored key is sent to the base URL, so it does not follow a new URL on its
 * own: whoever moves the connection must enter the key again (or remove it).
 */
const keyRequired = (cause?: unknown) =>
  new AppError("validation_failed", "Enter the API key again to change the base URL.", {
    cause,
    details: [
      {
        path: "apiKey",
        message: "Enter the API key again (or remove it): a saved key is never sent to a new address.",
      },
    ],
  });

/** Saved settings must not point inside our network (and are re-checked on every call). */
async function checkBaseUrl(url: string | null | undefined): Promise<void> {
  if (url) await assertPublicUrl(url);
}

/** Through RLS: another workspace's connection is invisible whatever its id. */
export async function getConnectionRow(tx: Tx, ctx: WorkspaceScope, id: string): Promise<ViewRow> {
  if (!providerConnectionIdSchema.safeParse(id).success) throw connectionNotFound();
  const row = await tx
    .selectFrom("provider_connections")
    .select(VIEW_COLUMNS)
    .where("id", "=", id)
    .where("workspace_id", "=", ctx.workspaceId)
    .executeTakeFirst();
  if (!row) throw connectionNotFound();
  return row;
}

export async function listProviderConnections(ctx: WorkspaceScope): Promise<ProviderConnectionView[]> {
  const rows = await runAsUser(ctx.claims, (tx) =>
    tx
      .selectFrom("provider_connections")
      .select(VIEW_COLUMNS)
      .where("workspace_id", "=", ctx.workspaceId)
      .orderBy("name")
      .execute(),
  );
  return rows.map(toView);
}

export async function getProviderConnection(
  ctx: WorkspaceScope,
  id: string,
): Promise<ProviderConnectionView> {
  return toView(await runAsUser(ctx.claims, (tx) => getConnectionRow(tx, ctx, id)));
}

/** Admin or above (RLS). The key is encrypted here and never stored or returned in clear. */
export async function createProviderConnection(
  ctx: WorkspaceScope,
  input: CreateProviderConnectionInput,
): Promise<ProviderConnectionView> {
  if (input.provider === "openai_compatible" && !input.baseUrl) {
    throw new AppError("validation_failed", "An OpenAI-compatible connection needs a base URL.");
  }
  await checkBaseUrl(input.baseUrl);
  const ring = input.apiKey ? secretsKeyring() : undefined;
  const row = await runAsUser(ctx.claims, async (tx) => {
    // `authenticated` may not choose the id, so the row is inserted first and the
    // key, whose AAD names the id, is written in the same transaction.
    const inserted = await tx
      .insertInto("provider_connections")
      .values({
        workspace_id: ctx.workspaceId,
        provider: input.provider,
        name: input.name,
        base_url: input.baseUrl ?? null,
        models: input.models ?? [],
        api_key_hint: input.apiKey ? maskSecret(input.apiKey) : null,
        created_by: ctx.claims.sub,
      })
      .returning(VIEW_COLUMNS)
      .executeTakeFirstOrThrow();
    if (ring && input.apiKey) {
      await tx
        .updateTable("provider_connections")
        .set({
          api_key_ciphertext: encryptSecret(ring, input.apiKey, providerKeyAad(ctx.workspaceId, inserted.id)),
        })
        .where("id", "=", inserted.id)
        .where("workspace_id", "=", ctx.workspaceId)
        .execute();
    }
    return inserted;
  });
  return toView(row);
}

/** Admin or above (RLS). The provider kind cannot change: a key belongs to one vendor. */
export async function updateProviderConnection(
  ctx: WorkspaceScope,
  id: string,
  input: UpdateProviderConnectionInput,
): Promise<ProviderConnectionView> {
  await checkBaseUrl(input.baseUrl);
  const ring = input.apiKey ? secretsKeyring() : undefined;
  const row = await runAsUser(ctx.claims, async (tx) => {
    const current = await getConnectionRow(tx, ctx, id);
    const baseUrl = input.baseUrl === undefined ? current.base_url : input.baseUrl;
    if (current.provider === "openai_compatible" && !baseUrl) {
      throw new AppError("validation_failed", "An OpenAI-compatible connection needs a base URL.");
    }
    // The hint is written and cleared with the key, so it says whether one is stored.
    if (baseUrl !== current.base_url && current.api_key_hint !== null && input.apiKey === undefined) {
      throw keyRequired();
    }
    const key =
      input.apiKey === undefined
        ? {}
        : input.apiKey === null || !ring
          ? { api_key_ciphertext: null, api_key_hint: null }
          : {
              api_key_ciphertext: encryptSecret(ring, input.apiKey, providerKeyAad(ctx.workspaceId, id)),
              api_key_hint: maskSecret(input.apiKey),
            };
    const updated = await tx
      .updateTable("provider_connections")
      .set({
        ...(input.name === undefined ? {} : { name: input.name }),
        ...(input.baseUrl === undefined ? {} : { base_url: input.baseUrl }),
        ...(input.models === undefined ? {} : { models: input.models }),
        ...key,
      })
      .where("id", "=", id)
      .where("workspace_id", "=", ctx.workspaceId)
      .returning(VIEW_COLUMNS)
      .executeTakeFirst()
      .catch((e: unknown) => {
        // The database holds the same rule (for every path): a race or a stale hint lands here.
        throw (e as { hint?: string } | null)?.hint === "provider_key_required" ? keyRequired(e) : e;
      });
    // Visible but not updatable: a viewer or member asking an admin-only change.
    if (!updated) throw new AppError("forbidden", "Only admins can change provider connections.");
    return updated;
  });
  return toView(row);
}

/** Admin or above (RLS). Agents using it fall back to no connection (FK on delete set null). */
export async function deleteProviderConnection(ctx: WorkspaceScope, id: string): Promise<void> {
  await runAsUser(ctx.claims, async (tx) => {
    await getConnectionRow(tx, ctx, id);
    const res = await tx
      .deleteFrom("provider_connections")
      .where("id", "=", id)
      .where("workspace_id", "=", ctx.workspaceId)
      .executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) {
      throw new AppError("forbidden", "Only admins can delete provider connections.");
    }
  });
}
