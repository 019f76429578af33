import { type RawBuilder, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashApiKeySecret } from "@/lib/api-keys";
import type { Database } from "@/lib/db/client";
import { keyTableAttacks, readOnlyKeyWrites } from "./api-key-cases";
import { attemptRolledBack, type ChatWorkspace, seedChat } from "./chat-kit";
import {
  asService,
  asUser,
  failure,
  type Outcome,
  openDb,
  ROLES,
  type SeedUser,
  seedWorkspace,
  uniq,
} from "./workspace-kit";

// API keys at the database level, with the app layer out of the way: every
// statement runs directly under a user's or a key's claims (runAsUser), in a
// transaction that is rolled back so the seed stays as it was.

const EMPTY: Outcome = { kind: "rows", count: 0 };
const DENIED: Outcome = { kind: "denied", code: "42501" };

let db: Database;
let a: ChatWorkspace;
let b: ChatWorkspace;
const keys = {} as Record<
  "aRead" | "aWrite" | "aRevoked" | "aExpired" | "bWrite",
  SeedUser & { keyId: string }
>;

/** A key row written the way createApiKey writes it, and the claims a request with it runs under. */
async function makeKey(
  ws: ChatWorkspace,
  access: "read" | "write",
  extra: { revoked?: boolean; expired?: boolean } = {},
) {
  const creator = ws.users.owner;
  const row = await asUser(db, creator, (tx) =>
    tx
      .insertInto("api_keys")
      .values({
        workspace_id: ws.id,
        name: `${access} ${uniq()}`,
        prefix: `sbk_${uniq().slice(0, 8).padEnd(8, "x")}`,
        secret_hash: hashApiKeySecret(`secret-${uniq()}`),
        scopes: [access, "agents", "chat", "conversations", "catalog", "usage"],
        role: access === "write" ? "admin" : "viewer",
        created_by: creator.id,
        expires_at: extra.expired ? new Date(Date.now() - 1000) : null,
      })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
  if (extra.revoked) {
    await asUser(db, creator, (tx) =>
      tx.updateTable("api_keys").set({ revoked_at: new Date() }).where("id", "=", row.id).execute(),
    );
  }
  const claims = { ...creator.claims, api_key_id: row.id, workspace_id: ws.id };
  return { ...creator, claims, keyId: row.id };
}

const run = (actor: SeedUser, stmt: RawBuilder<unknown>) =>
  attemptRolledBack(db, actor, (tx) => stmt.execute(tx));

beforeAll(async () => {
  db = openDb();
  const [wa, wb] = await Promise.all([seedWorkspace(db, "keys-iso-a"), seedWorkspace(db, "keys-iso-b")]);
  [a, b] = await Promise.all([seedChat(db, wa), seedChat(db, wb)]);
  keys.aRead = await makeKey(a, "read");
  keys.aWrite = await makeKey(a, "write");
  keys.aRevoked = await makeKey(a, "write", { revoked: true });
  keys.aExpired = await makeKey(a, "write", { expired: true });
  keys.bWrite = await makeKey(b, "write");
  await asService(db, (tx) =>
    tx
      .insertInto("mcp_calls")
      .values(
        [a, b].map((ws) => ({
          workspace_id: ws.id,
          direction: "inbound",
          tool: "list_agents",
          status: "ok",
          latency_ms: 3,
        })),
      )
      .execute(),
  );
});

afterAll(async () => {
  await db?.destroy();
});

describe("workspace B cannot touch A's api_keys and mcp_calls", () => {
  it("every role of B, and B's write key, gets nothing and changes nothing", async () => {
    const before = await asService(db, (tx) =>
      sql`select * from public.api_keys where workspace_id = ${a.id} order by id`.execute(tx),
    );
    const actors: [string, SeedUser][] = [
      ...ROLES.map((r) => [`B ${r}`, b.users[r]] as [string, SeedUser]),
      ["B key", keys.bWrite],
    ];
    const got: string[] = [];
    const want: string[] = [];
    for (const [who, actor] of actors) {
      for (const [what, stmt, expected] of keyTableAttacks(a, actor)) {
        got.push(`${who} ${what}: ${JSON.stringify(await run(actor, stmt))}`);
        want.push(`${who} ${what}: ${JSON.stringify(expected)}`);
      }
    }
    expect(got).toEqual(want);
    const after = await asService(db, (tx) =>
      sql`select * from public.api_keys where workspace_id = ${a.id} order by id`.execute(tx),
    );
    expect(after.rows).toEqual(before.rows);
  });

  it("control: A's owner (signed in, no key) sees A's keys and calls", async () => {
    expect(
      await run(a.users.owner, sql`select id, name from public.api_keys where workspace_id = ${a.id}`),
    ).toEqual({ kind: "rows", count: 4 });
    expect(
      await run(a.users.owner, sql`select * from public.mcp_calls where workspace_id = ${a.id}`),
    ).toEqual({ kind: "rows", count: 1 });
  });
});

describe("keys cannot manage keys", () => {
  it("even a write key made by the owner cannot list, create, rename or revoke keys, or read activity", async () => {
    const k = keys.aWrite;
    const outcomes = {
      select: await run(k, sql`select id, name from public.api_keys where workspace_id = ${a.id}`),
      insert: await run(
        k,
        sql`insert into public.api_keys (workspace_id, name, prefix, secret_hash, scopes, role, created_by)
            values (${a.id}, 'child', 'sbk_BBBBBBBB', ${hashApiKeySecret(uniq())}, '{write,agents}', 'admin', ${k.id})`,
      ),
      renameOther: await run(k, sql`update public.api_keys set name = 'x' where id = ${keys.aRead.keyId}`),
      revokeSelf: await run(k, sql`update public.api_keys set revoked_at = now() where id = ${k.keyId}`),
      activity: await run(k, sql`select * from public.mcp_calls where workspace_id = ${a.id}`),
    };
    expect(outcomes).toEqual({
      select: EMPTY,
      insert: DENIED,
      renameOther: EMPTY,
      revokeSelf: EMPTY,
      activity: EMPTY,
    });
  });
});

describe("a read-only key cannot write at the database level", () => {
  it("every write is refused or touches nothing, while the same statements work for its creator", async () => {
    const blocked = (o: Outcome) => o.kind === "denied" || o.count === 0;
    const asKey: string[] = [];
    const asCreator: string[] = [];
    for (const [what, stmt] of readOnlyKeyWrites(a)) {
      const viaKey = await run(keys.aRead, stmt).catch(
        (e: { code?: string }) => ({ kind: "error", code: e.code }) as const,
      );
      // P0002 is truncate_conversation's "not found": the key's role is below member.
      if (!(viaKey.kind === "error" ? viaKey.code === "P0002" : blocked(viaKey)))
        asKey.push(`${what}: ${JSON.stringify(viaKey)}`);
      const control = await run(a.users.owner, stmt);
      if (control.kind !== "rows" || control.count === 0)
        asCreator.push(`${what}: ${JSON.stringify(control)}`);
    }
    expect({ leakedWrites: asKey, brokenControls: asCreator }).toEqual({
      leakedWrites: [],
      brokenControls: [],
    });
  });

  it("revoked, expired and forged key claims see nothing at all", async () => {
    const forged = { ...a.users.owner, claims: { ...a.users.owner.claims, api_key_id: keys.bWrite.keyId } };
    for (const actor of [keys.aRevoked, keys.aExpired, forged]) {
      expect(await run(actor, sql`select * from public.agents`)).toEqual(EMPTY);
      expect(await run(actor, sql`select * from public.workspaces`)).toEqual(EMPTY);
    }
    expect(await run(keys.aRead, sql`select * from public.agents`)).toEqual({ kind: "rows", count: 1 });
  });
});

describe("the per-request lookup functions are for the server alone", () => {
  it("users and keys cannot execute authenticate_api_key, auth_session_active or authorize_workspace_request; service_role can", async () => {
    const keyProbe = sql`select * from private.authenticate_api_key(${hashApiKeySecret("anything")})`;
    const sessionProbe = sql`select private.auth_session_active(gen_random_uuid()) as active`;
    // Would otherwise let anyone read any workspace's membership by naming a user id.
    const accessProbe = sql`select outcome from private.authorize_workspace_request(
      null, ${a.users.owner.id}::uuid, ${a.slug}, null, null, null)`;
    for (const actor of [a.users.owner, keys.aWrite, b.users.admin]) {
      expect(await run(actor, keyProbe)).toEqual(DENIED);
      expect(await run(actor, sessionProbe)).toEqual(DENIED);
      expect(await run(actor, accessProbe)).toEqual(DENIED);
    }
    expect((await asService(db, (tx) => keyProbe.execute(tx))).rows).toEqual([]);
    expect((await asService(db, (tx) => sessionProbe.execute(tx))).rows).toEqual([{ active: false }]);
    expect((await asService(db, (tx) => accessProbe.execute(tx))).rows).toEqual([{ outcome: "ok" }]);
  });
});

describe("joining and creating workspaces is for people, not keys", () => {
  it("create_workspace and accept_invitation refuse any key, and accept the same person without one", async () => {
    const token = `key-invite-${uniq()}`;
    await asUser(db, b.users.admin, (tx) =>
      tx
        .insertInto("invitations")
        .values({
          workspace_id: b.id,
          email: a.users.owner.email,
          role: "member",
          token_hash: hashApiKeySecret(token),
          invited_by: b.users.admin.id,
        })
        .execute(),
    );
    for (const key of [keys.aWrite, keys.aRead]) {
      const create = await failure(() =>
        asUser(db, key, (tx) =>
          sql`select public.create_workspace('Key ws', ${`key-${uniq()}`})`.execute(tx),
        ),
      );
      expect([create.code, create.hint]).toEqual(["42501", "api_key_forbidden"]);
      const accept = await failure(() =>
        asUser(db, key, (tx) => sql`select public.accept_invitation(${token})`.execute(tx)),
      );
      expect([accept.code, accept.hint]).toEqual(["42501", "api_key_forbidden"]);
    }
    const joined = await run(a.users.owner, sql`select * from public.accept_invitation(${token})`);
    expect(joined).toEqual({ kind: "rows", count: 1 });
  });
});
