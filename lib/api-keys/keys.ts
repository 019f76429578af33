import { runAsUser } from "../db/rls";
import { AppError, toAppError } from "../errors";
import { parseWith } from "../validation";
import type { WorkspaceScope } from "../workspaces";
import type { ApiKeyJson as ApiKey, CreatedApiKeyJson as CreatedApiKey } from "./contract";
import {
  type ApiKeyScope,
  apiKeyIdSchema,
  type CreateApiKeyInput,
  createApiKeyInput,
  renameApiKeyInput,
} from "./schema";
import { generateApiKeySecret, hashApiKeySecret } from "./secret";

const notFound = () => new AppError("not_found", "API key not found.");

const columns = [
  "k.id",
  "k.name",
  "k.prefix",
  "k.scopes",
  "k.role",
  "k.created_by",
  "k.created_at",
  "k.expires_at",
  "k.last_used_at",
  "k.revoked_at",
] as const;
const insertColumns = columns.map((c) => c.slice(2)) as unknown as readonly [
  "id",
  "name",
  "prefix",
  "scopes",
  "role",
  "created_by",
  "created_at",
  "expires_at",
  "last_used_at",
  "revoked_at",
];

interface KeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  role: string;
  created_by: string;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
  email?: string | null;
}

function toApiKey(r: KeyRow): ApiKey {
  const expired = r.expires_at !== null && r.expires_at.getTime() <= Date.now();
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    scopes: r.scopes as ApiKeyScope[],
    role: r.role as ApiKey["role"],
    createdBy: r.created_by,
    createdByEmail: r.email ?? null,
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at?.toISOString() ?? null,
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
    revokedAt: r.revoked_at?.toISOString() ?? null,
    active: r.revoked_at === null && !expired,
  };
}

function assertKeyId(id: string): void {
  if (!apiKeyIdSchema.safeParse(id).success) throw notFound();
}

/** Admins only (RLS): the secret is returned here once and never again. */
/**
 * The least workspace role a key's scopes need; RLS lets the key do no more.
 * Keep in step with the backfill in migration 20261204000600.
 */
export function apiKeyRole(scopes: readonly ApiKeyScope[]): ApiKey["role"] {
  if (!scopes.includes("write")) return "viewer";
  // Deleting an agent (DELETE /api/v1/agents/:id) is the one write a key may make that needs admin.
  return scopes.includes("agents") ? "admin" : "member";
}

export async function createApiKey(ctx: WorkspaceScope, input: CreateApiKeyInput): Promise<CreatedApiKey> {
  const data = parseWith(createApiKeyInput, input);
  const { secret, prefix } = generateApiKeySecret();
  try {
    const row = await runAsUser(ctx.claims, (tx) =>
      tx
        .insertInto("api_keys")
        .values({
          workspace_id: ctx.workspaceId,
          name: data.name,
          prefix,
          secret_hash: hashApiKeySecret(secret),
          scopes: data.scopes,
          role: apiKeyRole(data.scopes),
          created_by: ctx.claims.sub,
          expires_at: data.expiresAt ? new Date(data.expiresAt) : null,
        })
        .returning(insertColumns)
        .executeTakeFirstOrThrow(),
    );
    return { key: toApiKey({ ...row, email: ctx.claims.email ?? null }), secret };
  } catch (e) {
    const err = toAppError(e);
    if (err.code === "forbidden" || err.code === "not_found") {
      throw new AppError("forbidden", "Only admins can create API keys.", { cause: e });
    }
    throw err;
  }
}

export async function listApiKeys(ctx: WorkspaceScope): Promise<ApiKey[]> {
  const rows = await runAsUser(ctx.claims, (tx) =>
    tx
      .selectFrom("api_keys as k")
      .leftJoin("profiles as p", "p.id", "k.created_by")
      .select([...columns, "p.email"])
      .where("k.workspace_id", "=", ctx.workspaceId)
      .orderBy("k.revoked_at", (o) => o.desc().nullsFirst())
      .orderBy("k.created_at", "desc")
      .execute(),
  );
  return rows.map(toApiKey);
}

/** Takes effect on the key's next request: every request re-reads the key. */
export async function revokeApiKey(ctx: WorkspaceScope, id: string): Promise<ApiKey> {
  assertKeyId(id);
  const row = await runAsUser(ctx.claims, (tx) =>
    tx
      .updateTable("api_keys as k")
      // The guard trigger stamps the time and who revoked it.
      .set({ revoked_at: new Date() })
      .where("k.id", "=", id)
      .where("k.workspace_id", "=", ctx.workspaceId)
      .where("k.revoked_at", "is", null)
      .returning(columns)
      .executeTakeFirst(),
  );
  if (row) return toApiKey(row);
  const existing = (await listApiKeys(ctx)).find((k) => k.id === id);
  if (!existing) throw notFound();
  return existing; // already revoked: revoking again is a no-op
}

export async function renameApiKey(
  ctx: WorkspaceScope,
  id: string,
  input: { name: string },
): Promise<ApiKey> {
  assertKeyId(id);
  const { name } = parseWith(renameApiKeyInput, input);
  const row = await runAsUser(ctx.claims, (tx) =>
    tx
      .updateTable("api_keys as k")
      .set({ name })
      .where("k.id", "=", id)
      .where("k.workspace_id", "=", ctx.workspaceId)
      .returning(columns)
      .executeTakeFirst(),
  );
  if (!row) throw notFound();
  return toApiKey(row);
}
