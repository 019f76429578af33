import { sql } from "kysely";
import type { Tx } from "../db/rls";
import { AppError } from "../errors";
import type { WorkspaceScope } from "../workspaces";
import {
  type CachedTool,
  type IntegrationAuthType,
  type IntegrationView,
  integrationIdSchema,
} from "./schema";

// Every column `authenticated` may read; secret_ciphertext is deliberately absent.
export const VIEW_COLUMNS = [
  "id",
  "name",
  "slug",
  "url",
  "auth_type",
  "auth_header_name",
  "secret_hint",
  "tools",
  "tools_refreshed_at",
  "last_error",
  "timeout_ms",
  "enabled",
  "created_at",
  "updated_at",
] as const;

export interface IntegrationRow {
  id: string;
  name: string;
  slug: string;
  url: string;
  auth_type: string;
  auth_header_name: string | null;
  secret_hint: string | null;
  tools: unknown;
  tools_refreshed_at: Date | null;
  last_error: string | null;
  timeout_ms: number;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

export const integrationNotFound = () =>
  new AppError("not_found", "That integration does not exist in this workspace.");

export function toView(r: IntegrationRow): IntegrationView {
  return {
    id: r.id,
    name: r.name,
    slug: r.slug,
    url: r.url,
    authType: r.auth_type as IntegrationAuthType,
    authHeaderName: r.auth_header_name,
    secretHint: r.secret_hint,
    // The hint is written with every secret and cleared with it; the ciphertext itself is not readable here.
    hasSecret: r.secret_hint !== null,
    tools: Array.isArray(r.tools) ? (r.tools as CachedTool[]) : [],
    toolsRefreshedAt: r.tools_refreshed_at,
    lastError: r.last_error,
    timeoutMs: r.timeout_ms,
    enabled: r.enabled,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Through RLS: another workspace's integration is invisible whatever its id. */
export async function getIntegrationRow(tx: Tx, ctx: WorkspaceScope, id: string): Promise<IntegrationRow> {
  if (!integrationIdSchema.safeParse(id).success) throw integrationNotFound();
  const row = await tx
    .selectFrom("mcp_integrations")
    .select(VIEW_COLUMNS)
    .where("id", "=", id)
    .where("workspace_id", "=", ctx.workspaceId)
    .executeTakeFirst();
  if (!row) throw integrationNotFound();
  return row;
}

/** Managing integrations (and making the server connect somewhere) is for admins; checked before any call goes out. */
export async function assertIntegrationAdmin(tx: Tx, ctx: WorkspaceScope): Promise<void> {
  const { rows } = await sql<{ ok: boolean }>`
    select private.has_role(${ctx.workspaceId}::uuid, 'admin') as ok`.execute(tx);
  if (!rows[0]?.ok) throw new AppError("forbidden", "Only admins can manage integrations.");
}
