import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type SeedWorkspace, seedWorkspace, uniq } from "../../test/db/workspace-kit";
import { closeDb, type Database } from "../db/client";
import { authorizeWorkspaceRequest } from "./authorize";

// The one statement every workspace request starts with: session, membership,
// then the rate limit, in that order, against real rows.

let db: Database;
let a: SeedWorkspace;
let b: SeedWorkspace;

beforeAll(async () => {
  db = openDb();
  [a, b] = await Promise.all([seedWorkspace(db, "authz-a"), seedWorkspace(db, "authz-b")]);
});

afterAll(async () => {
  await db.destroy();
  await closeDb();
});

const hits = async (key: string) =>
  (await sql<{ hits: number }>`select hits from private.rate_limits where key = ${key}`.execute(db)).rows[0]
    ?.hits ?? 0;

describe("authorizeWorkspaceRequest", () => {
  it("answers a member with the workspace and their role, and counts one rate-limit hit", async () => {
    const key = `authz:${uniq()}`;
    for (const role of ["owner", "viewer"] as const) {
      const access = await authorizeWorkspaceRequest({
        userId: a.users[role].id,
        sessionId: a.sessions[role],
        slug: a.slug,
        rateLimit: { key, max: 10, windowSeconds: 60 },
      });
      expect(access).toEqual({
        outcome: "ok",
        membership: {
          workspace: { id: a.id, slug: a.slug, name: a.name, plan: "free", createdAt: expect.any(Date) },
          role,
        },
      });
    }
    expect(await hits(key)).toBe(2);
  });

  it("answers not_found for another workspace and for an unknown slug alike, without counting a hit", async () => {
    const key = `authz:${uniq()}`;
    const rateLimit = { key, max: 10, windowSeconds: 60 };
    const user = { userId: a.users.owner.id, sessionId: a.sessions.owner, rateLimit };
    expect(await authorizeWorkspaceRequest({ ...user, slug: b.slug })).toEqual({ outcome: "not_found" });
    expect(await authorizeWorkspaceRequest({ ...user, slug: `nope-${uniq()}` })).toEqual({
      outcome: "not_found",
    });
    // Not a slug at all: refused before any SQL.
    expect(await authorizeWorkspaceRequest({ ...user, slug: "Bad Slug!" })).toEqual({ outcome: "not_found" });
    expect(await hits(key)).toBe(0);
  });

  it("answers unauthorized for a revoked session, another user's session, or an unknown one, without counting", async () => {
    const key = `authz:${uniq()}`;
    const rateLimit = { key, max: 10, windowSeconds: 60 };
    const member = a.users.member.id;
    const cases = [
      a.sessions.owner, // a live session, but not this user's
      randomUUID(), // no such session
    ];
    for (const sessionId of cases) {
      expect(await authorizeWorkspaceRequest({ userId: member, sessionId, slug: a.slug, rateLimit })).toEqual(
        {
          outcome: "unauthorized",
        },
      );
    }
    await sql`update public.auth_sessions set revoked_at = now() where id = ${a.sessions.member}::uuid`.execute(
      db,
    );
    try {
      expect(
        await authorizeWorkspaceRequest({
          userId: member,
          sessionId: a.sessions.member,
          slug: a.slug,
          rateLimit,
        }),
      ).toEqual({ outcome: "unauthorized" });
    } finally {
      await sql`update public.auth_sessions set revoked_at = null where id = ${a.sessions.member}::uuid`.execute(
        db,
      );
    }
    // Malformed ids (a token signed with our secret but odd claims) are refused, not a 500.
    expect(await authorizeWorkspaceRequest({ userId: "x", sessionId: null, slug: a.slug })).toEqual({
      outcome: "unauthorized",
    });
    expect(await authorizeWorkspaceRequest({ userId: member, sessionId: "x", slug: a.slug })).toEqual({
      outcome: "unauthorized",
    });
    expect(await hits(key)).toBe(0);
  });

  it("skips the session check when the auth provider verified the session itself (sessionId null)", async () => {
    const access = await authorizeWorkspaceRequest({
      userId: b.users.admin.id,
      sessionId: null,
      slug: b.slug,
    });
    expect(access).toMatchObject({ outcome: "ok", membership: { role: "admin" } });
  });

  it("answers rate_limited past the limit, with a retry-after, for members only", async () => {
    const key = `authz:${uniq()}`;
    const input = {
      userId: a.users.member.id,
      sessionId: a.sessions.member,
      slug: a.slug,
      rateLimit: { key, max: 2, windowSeconds: 60 },
    };
    expect((await authorizeWorkspaceRequest(input)).outcome).toBe("ok");
    expect((await authorizeWorkspaceRequest(input)).outcome).toBe("ok");
    const limited = await authorizeWorkspaceRequest(input);
    expect(limited).toEqual({ outcome: "rate_limited", retryAfterSeconds: expect.any(Number) });
    if (limited.outcome !== "rate_limited") throw new Error("unreachable");
    expect(limited.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(limited.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(await hits(key)).toBe(3);
  });
});
