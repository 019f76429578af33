import { sql } from "kysely";
import { getDb } from "../db/client";
import type { RateLimitRule } from "../rate-limit";
import { isUuid } from "../uuid";
import { type WorkspaceRole, workspaceRoleSchema } from "./roles";
import type { WorkspaceMembership } from "./schema";
import { slugSchema } from "./slug";

export interface AuthorizeWorkspaceInput {
  /** The verified token's user. */
  userId: string;
  /** The session whose revocation is still to be checked (local auth), or null. */
  sessionId: string | null;
  slug: string;
  /** Counted only once the session and the membership hold. */
  rateLimit?: RateLimitRule;
}

export type WorkspaceAccess =
  | { outcome: "ok"; membership: WorkspaceMembership }
  | { outcome: "unauthorized" }
  | { outcome: "not_found" }
  | { outcome: "rate_limited"; retryAfterSeconds: number };

interface AccessRow {
  outcome: "ok" | "unauthorized" | "not_found" | "rate_limited";
  workspace_id: string | null;
  slug: string | null;
  name: string | null;
  plan: string | null;
  created_at: Date | null;
  role: WorkspaceRole | null;
  retry_after_seconds: number;
}

/**
 * The session, membership and rate-limit checks a workspace request starts
 * with, as one autocommit statement (private.authorize_workspace_request): one
 * round trip where there were three. Server-side only; it reads the membership
 * for the user the caller verified, so `userId` must come from a verified token.
 */
export async function authorizeWorkspaceRequest(input: AuthorizeWorkspaceInput): Promise<WorkspaceAccess> {
  if (!slugSchema.safeParse(input.slug).success) return { outcome: "not_found" };
  // Malformed ids in a validly signed token cannot name a live session or a member.
  if (!isUuid(input.userId) || (input.sessionId !== null && !isUuid(input.sessionId))) {
    return { outcome: "unauthorized" };
  }
  const rl = input.rateLimit;
  const { rows } = await sql<AccessRow>`
    select * from private.authorize_workspace_request(${input.sessionId}::uuid, ${input.userId}::uuid,
      ${input.slug}, ${rl?.key ?? null}, ${rl?.windowSeconds ?? null}::int, ${rl?.max ?? null}::int)`.execute(
    getDb(),
  );
  const row = rows[0];
  if (!row) throw new Error("authorize_workspace_request returned no row");
  if (row.outcome === "unauthorized" || row.outcome === "not_found") return { outcome: row.outcome };
  if (row.outcome === "rate_limited")
    return { outcome: "rate_limited", retryAfterSeconds: row.retry_after_seconds };
  return {
    outcome: "ok",
    membership: {
      workspace: {
        id: row.workspace_id as string,
        slug: row.slug as string,
        name: row.name as string,
        plan: row.plan as string,
        createdAt: row.created_at as Date,
      },
      role: workspaceRoleSchema.parse(row.role),
    },
  };
}
