import { sql } from "kysely";
import { getDb } from "../db/client";
import type { JwtClaims } from "../db/rls";
import { AppError } from "../errors";
import { roleAtLeast, type WorkspaceRole, type WorkspaceScope } from "../workspaces";
import type { ApiKeyAccess, ApiKeyGroup, ApiKeyScope } from "./schema";
import { API_KEY_PATTERN, hashApiKeySecret } from "./secret";

/** Who a key-authenticated request acts as. `scope` goes to the same lib functions users call. */
export interface ApiKeyPrincipal {
  keyId: string;
  keyName: string;
  prefix: string;
  scopes: ApiKeyScope[];
  /** The lower of the key's role and its creator's current role. */
  role: WorkspaceRole;
  workspace: { id: string; slug: string; name: string };
  claims: JwtClaims;
  scope: WorkspaceScope;
}

interface KeyLookupRow {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  role: WorkspaceRole;
  created_by: string;
  expired: boolean;
  revoked: boolean;
  workspace_id: string;
  slug: string;
  workspace_name: string;
  creator_role: WorkspaceRole | null;
  creator_email: string | null;
}

const unauthorized = (message: string) => new AppError("unauthorized", message);

/** The bearer token of an `Authorization` header, or undefined. */
export function bearerToken(header: string | null | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return m?.[1];
}

/**
 * Resolves a presented key on every request (no cache), so a revocation takes
 * effect on the very next one. RLS checks the key again inside each query.
 * The lookup bypasses RLS only through its security definer function: it
 * finds the one key whose secret the caller presented.
 */
export async function authenticateApiKey(secret: string | undefined): Promise<ApiKeyPrincipal> {
  if (!secret) throw unauthorized("Send an API key as 'Authorization: Bearer sbk_…'.");
  if (!API_KEY_PATTERN.test(secret)) throw unauthorized("This API key is not valid.");
  // One autocommit statement (a security definer function, see its migration): no BEGIN/COMMIT around it.
  const { rows } = await sql<KeyLookupRow>`
    select * from private.authenticate_api_key(${hashApiKeySecret(secret)})`.execute(getDb());
  const row = rows[0];
  if (!row) throw unauthorized("This API key is not valid.");
  if (row.revoked) throw unauthorized("This API key has been revoked.");
  if (row.expired) throw unauthorized("This API key has expired.");
  if (!row.creator_role) throw unauthorized("The person who created this API key is no longer a member.");

  const role = roleAtLeast(row.creator_role, row.role) ? row.role : row.creator_role;
  const claims: JwtClaims = {
    sub: row.created_by,
    role: "authenticated",
    email: row.creator_email ?? undefined,
    api_key_id: row.id,
    workspace_id: row.workspace_id,
  };
  return {
    keyId: row.id,
    keyName: row.name,
    prefix: row.prefix,
    scopes: row.scopes as ApiKeyScope[],
    role,
    workspace: { id: row.workspace_id, slug: row.slug, name: row.workspace_name },
    claims,
    scope: { claims, workspaceId: row.workspace_id },
  };
}

export function hasScope(
  p: Pick<ApiKeyPrincipal, "scopes">,
  group: ApiKeyGroup,
  access: ApiKeyAccess,
): boolean {
  const accessOk =
    access === "read" ? p.scopes.includes("read") || p.scopes.includes("write") : p.scopes.includes("write");
  return accessOk && p.scopes.includes(group);
}

/** 403 with the missing scope named, so the key's owner knows what to grant. */
export function requireScope(
  p: Pick<ApiKeyPrincipal, "scopes">,
  group: ApiKeyGroup,
  access: ApiKeyAccess,
): void {
  if (hasScope(p, group, access)) return;
  throw new AppError("forbidden", `This API key lacks the '${access}' + '${group}' scopes.`, {
    details: { required: [access, group] },
  });
}
