import { createHash, randomBytes } from "node:crypto";
import { sql } from "kysely";
import { createDb, type Database } from "@/lib/db/client";
import { type JwtClaims, runAsService, runAsUser, type Tx } from "@/lib/db/rls";

export const ROLES = ["owner", "admin", "member", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export interface SeedUser {
  id: string;
  email: string;
  claims: JwtClaims;
}

export interface SeedWorkspace {
  id: string;
  slug: string;
  name: string;
  users: Record<Role, SeedUser>;
  /** Plain token of the pending invitation seeded into the workspace. */
  invitationToken: string;
  /** The auth_sessions row seeded for each user. */
  sessions: Record<Role, string>;
}

/** The DATABASE_URL that test/integration-env.ts points at the shared throwaway DB. */
export function databaseUrlFromEnv(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: run with `vitest --project integration`");
  return url;
}

export function openDb(url = databaseUrlFromEnv()): Database {
  return createDb(url, 4).db;
}

/** Short random suffix: every file seeds its own users and workspaces into the shared DB. */
export function uniq(): string {
  return randomBytes(5).toString("hex");
}

/** Same digest as accept_invitation(): hex sha256 of the UTF-8 token (computed here, not via lib/auth). */
export function sha256Hex(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function claimsFor(user: { id: string; email: string }): JwtClaims {
  return { sub: user.id, role: "authenticated", email: user.email, aud: "authenticated" };
}

export async function createUser(
  db: Database,
  label: string,
  email: string | null = `${label}@${uniq()}.test`,
): Promise<SeedUser> {
  const row = await runAsService(
    "test:create-user",
    (tx) =>
      tx
        .insertInto("auth.users")
        .values({ email, email_confirmed_at: new Date() })
        .returning("id")
        .executeTakeFirstOrThrow(),
    db,
  );
  const user = { id: row.id, email: email ?? "" };
  return { ...user, claims: claimsFor(user) };
}

/** Every message of a conversation, every column, in order: what a chat turn left behind. */
export function conversationMessages(db: Database, conversationId: string) {
  return asService(db, (tx) =>
    tx
      .selectFrom("messages")
      .selectAll()
      .where("conversation_id", "=", conversationId)
      .orderBy("message_index")
      .execute(),
  );
}

/** Like runAsUser but for a seeded user. */
export function asUser<T>(db: Database, user: SeedUser, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return runAsUser(user.claims, fn, db);
}

export function asService<T>(db: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return runAsService("test:db-security", fn, db);
}

/**
 * A workspace with one user per role, created the way the app does: the owner
 * calls create_workspace(), the service path adds the others. Also seeds one
 * pending invitation, an auth session + refresh token and a password reset per
 * user. Audit entries come from the triggers.
 */
export async function seedWorkspace(db: Database, label: string): Promise<SeedWorkspace> {
  const tag = `${label}-${uniq()}`;
  const users = {} as Record<Role, SeedUser>;
  for (const role of ROLES) users[role] = await createUser(db, `${tag}-${role}`);
  const ws = await asUser(db, users.owner, (tx) =>
    sql<{
      id: string;
      slug: string;
      name: string;
    }>`select id, slug, name from public.create_workspace(${`Workspace ${tag}`}, ${tag})`
      .execute(tx)
      .then((r) => r.rows[0]),
  );
  if (!ws) throw new Error("create_workspace returned no row");
  const invitationToken = `invite-${tag}-${uniq()}`;
  const sessions = {} as Record<Role, string>;
  await asService(db, async (tx) => {
    await tx
      .insertInto("workspace_members")
      .values(
        (["admin", "member", "viewer"] as const).map((role) => ({
          workspace_id: ws.id,
          user_id: users[role].id,
          role,
        })),
      )
      .execute();
    await tx
      .insertInto("invitations")
      .values({
        workspace_id: ws.id,
        email: `pending-${tag}@invitee.test`,
        role: "member",
        token_hash: sha256Hex(invitationToken),
        invited_by: users.owner.id,
      })
      .execute();
    for (const role of ROLES) {
      const user = users[role];
      const session = await tx
        .insertInto("auth_sessions")
        .values({ user_id: user.id, user_agent: `agent-${tag}`, ip: "127.0.0.1" })
        .returning("id")
        .executeTakeFirstOrThrow();
      sessions[role] = session.id;
      const expires = new Date(Date.now() + 86_400_000);
      await tx
        .insertInto("auth_refresh_tokens")
        .values({
          session_id: session.id,
          user_id: user.id,
          token_hash: sha256Hex(`r-${tag}-${role}`),
          expires_at: expires,
        })
        .execute();
      await tx
        .insertInto("password_resets")
        .values({ user_id: user.id, token_hash: sha256Hex(`p-${tag}-${role}`), expires_at: expires })
        .execute();
      await tx
        .updateTable("profiles")
        .set({ display_name: `${role} of ${tag}` })
        .where("id", "=", user.id)
        .execute();
    }
  }).catch((e) => {
    throw new Error(`seeding ${tag} failed: ${(e as Error).message}`, { cause: e });
  });
  return { ...ws, users, invitationToken, sessions };
}

export type Outcome = { kind: "rows"; count: number } | { kind: "denied"; code: string };

export function pgCode(e: unknown): string | undefined {
  return typeof e === "object" && e !== null && "code" in e
    ? String((e as { code: unknown }).code)
    : undefined;
}

/**
 * Runs one statement and reports how many rows it returned or touched, or
 * `denied` for SQLSTATE 42501 (missing privilege or RLS violation). Any
 * other error is a bug in the test or the schema and is rethrown.
 */
export async function attempt(
  run: () => Promise<{ rows: unknown[]; numAffectedRows?: bigint }>,
): Promise<Outcome> {
  try {
    const res = await run();
    return {
      kind: "rows",
      count: res.numAffectedRows !== undefined ? Number(res.numAffectedRows) : res.rows.length,
    };
  } catch (e) {
    if (pgCode(e) === "42501") return { kind: "denied", code: "42501" };
    throw e;
  }
}

/** The error a statement failed with, or a failure if it succeeded. */
export async function failure(
  run: () => Promise<unknown>,
): Promise<{ code?: string; hint?: string; message: string }> {
  try {
    await run();
  } catch (e) {
    const err = e as { code?: string; hint?: string; message: string };
    return { code: err.code, hint: err.hint, message: err.message };
  }
  throw new Error("expected the statement to fail, but it succeeded");
}
