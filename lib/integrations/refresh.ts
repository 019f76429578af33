import { runAsUser } from "../db/rls";
import { logger } from "../logger";
import type { WorkspaceScope } from "../workspaces";
import { connectMcp, type IntegrationCallError, toIntegrationError } from "./client";
import { assertIntegrationAdmin, getIntegrationRow, type IntegrationRow, toView, VIEW_COLUMNS } from "./rows";
import type { CachedTool, IntegrationAuthType, IntegrationView } from "./schema";
import { credentialHeaders, loadIntegrationSecret } from "./secret";

export interface RefreshResult {
  integration: IntegrationView;
  ok: boolean;
  /** Why the list could not be read; the previous list is kept. */
  error?: string;
}

/** Connects with the stored credentials, reads tools/list and closes. */
async function fetchTools(row: IntegrationRow, secret: string | null): Promise<CachedTool[]> {
  const conn = await connectMcp({
    url: row.url,
    headers: credentialHeaders(
      { authType: row.auth_type as IntegrationAuthType, authHeaderName: row.auth_header_name },
      secret,
    ),
    timeoutMs: row.timeout_ms,
    secret,
  });
  try {
    return await conn.listTools();
  } finally {
    await conn.close();
  }
}

/** As fetchTools, with the failure logged while the secret is at hand to scrub it from the cause. */
async function fetchToolsLogged(ctx: WorkspaceScope, row: IntegrationRow): Promise<CachedTool[]> {
  let secret: string | null = null;
  try {
    secret = await loadIntegrationSecret(ctx.workspaceId, row.id);
    return await fetchTools(row, secret);
  } catch (e) {
    const failure = toIntegrationError(e, secret, "list");
    logger.warn(
      { integrationId: row.id, code: failure.code, reason: failure.reason },
      "integrations: tool list refresh failed",
    );
    throw failure;
  }
}

/**
 * Admin or above. Re-reads the server's tool list into the cache the chat uses
 * (so a chat turn never has to ask the server what it offers). On failure the
 * old list stays and the reason is stored in `last_error` for the UI.
 */
export async function refreshIntegrationTools(ctx: WorkspaceScope, id: string): Promise<RefreshResult> {
  const row = await runAsUser(ctx.claims, async (tx) => {
    const found = await getIntegrationRow(tx, ctx, id);
    await assertIntegrationAdmin(tx, ctx);
    return found;
  });
  let tools: CachedTool[] | undefined;
  let failure: IntegrationCallError | undefined;
  try {
    tools = await fetchToolsLogged(ctx, row);
  } catch (e) {
    failure = toIntegrationError(e, null, "list");
  }
  const updated = await runAsUser(ctx.claims, (tx) =>
    tx
      .updateTable("mcp_integrations")
      .set(
        tools
          ? { tools: JSON.stringify(tools), tools_refreshed_at: new Date(), last_error: null }
          : { last_error: (failure?.message ?? "The tool list could not be read.").slice(0, 500) },
      )
      .where("id", "=", id)
      .where("workspace_id", "=", ctx.workspaceId)
      .returning(VIEW_COLUMNS)
      .executeTakeFirstOrThrow(),
  );
  return { integration: toView(updated), ok: Boolean(tools), ...(failure ? { error: failure.message } : {}) };
}
