import { runAsUser } from "../db/rls";
import { AppError, toAppError } from "../errors";
import { assertPublicUrl } from "../net/ssrf";
import { parseWith } from "../validation";
import type { WorkspaceScope } from "../workspaces";
import { refreshIntegrationTools } from "./refresh";
import { assertIntegrationAdmin, getIntegrationRow, type IntegrationRow, toView, VIEW_COLUMNS } from "./rows";
import {
  type CreateIntegrationInput,
  createIntegrationInput,
  type IntegrationAuthType,
  type IntegrationView,
  type UpdateIntegrationInput,
  updateIntegrationInput,
} from "./schema";
import { encryptIntegrationSecret } from "./secret";

/** Unique names: say which, instead of a bare "already exists". */
function withNameConflict(e: unknown): never {
  const app = toAppError(e);
  if (app.code === "conflict" && /_(name|slug)_key$/.test(String(app.details ?? ""))) {
    throw new AppError("conflict", "An integration with this name (or a very similar one) already exists.", {
      cause: e,
      details: [{ path: "name", message: "Choose another name." }],
    });
  }
  throw app;
}

export async function listIntegrations(ctx: WorkspaceScope): Promise<IntegrationView[]> {
  const rows = await runAsUser(ctx.claims, (tx) =>
    tx
      .selectFrom("mcp_integrations")
      .select(VIEW_COLUMNS)
      .where("workspace_id", "=", ctx.workspaceId)
      .orderBy("name")
      .execute(),
  );
  return rows.map(toView);
}

export async function getIntegration(ctx: WorkspaceScope, id: string): Promise<IntegrationView> {
  return toView(await runAsUser(ctx.claims, (tx) => getIntegrationRow(tx, ctx, id)));
}

/**
 * Admin or above (RLS). The secret is encrypted here and never stored or
 * returned in clear. The tool list is fetched right away; a server that cannot
 * be reached still gets saved, with the reason in `lastError`.
 */
export async function createIntegration(
  ctx: WorkspaceScope,
  input: CreateIntegrationInput,
  opts: { refresh?: boolean } = {},
): Promise<IntegrationView> {
  const v = parseWith(createIntegrationInput, input);
  await assertPublicUrl(v.url);
  const row = await runAsUser(ctx.claims, async (tx) => {
    // `authenticated` may not choose the id, so the row goes in first and the
    // secret, whose AAD names the id, follows in the same transaction.
    const inserted = await tx
      .insertInto("mcp_integrations")
      .values({
        workspace_id: ctx.workspaceId,
        name: v.name,
        url: v.url,
        auth_type: v.authType,
        auth_header_name: v.authType === "header" ? (v.authHeaderName ?? null) : null,
        timeout_ms: v.timeoutMs ?? 30_000,
        enabled: v.enabled ?? true,
        created_by: ctx.claims.sub,
      })
      .returning(VIEW_COLUMNS)
      .executeTakeFirstOrThrow();
    if (!v.secret) return inserted;
    return tx
      .updateTable("mcp_integrations")
      .set(encryptIntegrationSecret(ctx.workspaceId, inserted.id, v.secret))
      .where("id", "=", inserted.id)
      .where("workspace_id", "=", ctx.workspaceId)
      .returning(VIEW_COLUMNS)
      .executeTakeFirstOrThrow();
  }).catch(withNameConflict);
  if (opts.refresh === false) return toView(row);
  return (await refreshIntegrationTools(ctx, row.id)).integration;
}

interface AuthChange {
  auth_type?: IntegrationAuthType;
  auth_header_name?: string | null;
  secret_ciphertext?: string | null;
  secret_hint?: string | null;
}

/** The auth columns after a patch, with the rules the create schema checks for new rows. */
function nextAuth(ctx: WorkspaceScope, current: IntegrationRow, v: UpdateIntegrationInput): AuthChange {
  const type = v.authType ?? (current.auth_type as IntegrationAuthType);
  const invalid = (path: string, message: string) =>
    new AppError("validation_failed", "Some fields are missing or invalid.", {
      details: [{ path, message }],
    });
  const change: AuthChange = v.authType ? { auth_type: type } : {};
  if (type === "none") {
    if (v.secret) throw invalid("authType", "Choose how the secret is sent.");
    return { ...change, auth_header_name: null, secret_ciphertext: null, secret_hint: null };
  }
  const header = v.authHeaderName === undefined ? current.auth_header_name : v.authHeaderName;
  if (type === "header" && !header) throw invalid("authHeaderName", "Name the header the key is sent in.");
  change.auth_header_name = type === "header" ? header : null;
  if (v.secret === null)
    throw invalid("secret", "This auth type needs a token or key; switch to none instead.");
  if (v.secret) return { ...change, ...encryptIntegrationSecret(ctx.workspaceId, current.id, v.secret) };
  if (current.secret_hint === null) throw invalid("secret", "This auth type needs a token or key.");
  // A stored credential follows the server only with the admin re-entering it:
  // otherwise changing the URL would send it to a host nobody vouched for.
  if (v.url && new URL(v.url).origin !== new URL(current.url).origin) {
    throw invalid("secret", "Re-enter the secret when moving the integration to another server.");
  }
  return change;
}

/** Admin or above. Changing where or how it connects re-reads the tool list. */
export async function updateIntegration(
  ctx: WorkspaceScope,
  id: string,
  patch: UpdateIntegrationInput,
): Promise<IntegrationView> {
  const v = parseWith(updateIntegrationInput, patch);
  if (v.url) await assertPublicUrl(v.url);
  const row = await runAsUser(ctx.claims, async (tx) => {
    const current = await getIntegrationRow(tx, ctx, id);
    await assertIntegrationAdmin(tx, ctx);
    const touchesAuth =
      v.authType !== undefined ||
      v.authHeaderName !== undefined ||
      v.secret !== undefined ||
      v.url !== undefined;
    const updated = await tx
      .updateTable("mcp_integrations")
      .set({
        ...(v.name === undefined ? {} : { name: v.name }),
        ...(v.url === undefined ? {} : { url: v.url }),
        ...(v.timeoutMs === undefined ? {} : { timeout_ms: v.timeoutMs }),
        ...(v.enabled === undefined ? {} : { enabled: v.enabled }),
        ...(touchesAuth ? nextAuth(ctx, current, v) : {}),
      })
      .where("id", "=", id)
      .where("workspace_id", "=", ctx.workspaceId)
      .returning(VIEW_COLUMNS)
      .executeTakeFirst();
    if (!updated) throw new AppError("forbidden", "Only admins can manage integrations.");
    return updated;
  }).catch(withNameConflict);
  const reconnect = v.url !== undefined || v.authType !== undefined || v.secret || v.authHeaderName;
  return reconnect ? (await refreshIntegrationTools(ctx, id)).integration : toView(row);
}

/** Admin or above (RLS). Grants go with it (cascade); past activity keeps its rows. */
export async function deleteIntegration(ctx: WorkspaceScope, id: string): Promise<void> {
  await runAsUser(ctx.claims, async (tx) => {
    await getIntegrationRow(tx, ctx, id);
    const res = await tx
      .deleteFrom("mcp_integrations")
      .where("id", "=", id)
      .where("workspace_id", "=", ctx.workspaceId)
      .executeTakeFirst();
    if (Number(res.numDeletedRows) === 0)
      throw new AppError("forbidden", "Only admins can manage integrations.");
  });
}
