import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import {
  asService,
  asUser,
  attempt,
  openDb,
  ROLES,
  type SeedWorkspace,
  seedWorkspace,
} from "./workspace-kit";

// Stripe billing's tables (98_billing_stripe.sql): notices and meter reports are
// read by a workspace's owners and admins only, written by the service path
// only; private.stripe_events is the service's alone. Every role of workspace A
// tries to read, write and delete B's rows, and A's own below admin.

let db: Database;
let a: SeedWorkspace;
let b: SeedWorkspace;

beforeAll(async () => {
  db = openDb();
  a = await seedWorkspace(db, "bill-iso-a");
  b = await seedWorkspace(db, "bill-iso-b");
  for (const ws of [a, b]) {
    await asService(db, async (tx) => {
      await tx
        .insertInto("billing_notices")
        .values({ workspace_id: ws.id, kind: "payment_failed", message: "A payment failed." })
        .execute();
      await tx
        .insertInto("billing_meter_reports")
        .values({
          workspace_id: ws.id,
          meter: "messages",
          period_start: "2026-12-01",
          from_quantity: 0,
          to_quantity: 5,
          identifier: `iso-${ws.id}`,
          stripe_customer_id: "cus_iso",
        })
        .execute();
      await tx
        .insertInto("private.stripe_events")
        .values({ id: `evt_iso_${ws.id}`, type: "invoice.paid", created: new Date(), workspace_id: ws.id })
        .execute();
    });
  }
});
afterAll(async () => {
  await db.destroy();
});

const TABLES = ["billing_notices", "billing_meter_reports"] as const;

describe("billing_notices and billing_meter_reports isolation", () => {
  for (const table of TABLES) {
    it(`${table}: no role of A sees or changes B's rows`, async () => {
      for (const role of ROLES) {
        const user = a.users[role];
        const seen = await asUser(db, user, (tx) =>
          sql`select id from public.${sql.table(table)} where workspace_id = ${b.id}::uuid`.execute(tx),
        );
        expect(seen.rows, `${role} reads B`).toHaveLength(0);
        const upd = await attempt(() =>
          asUser(db, user, (tx) =>
            sql`update public.${sql.table(table)} set created_at = now() where workspace_id = ${b.id}::uuid`.execute(
              tx,
            ),
          ),
        );
        expect(upd, `${role} updates B`).toEqual({ kind: "denied", code: "42501" });
        const del = await attempt(() =>
          asUser(db, user, (tx) =>
            sql`delete from public.${sql.table(table)} where workspace_id = ${b.id}::uuid`.execute(tx),
          ),
        );
        expect(del, `${role} deletes B`).toEqual({ kind: "denied", code: "42501" });
      }
      const after = await asService(db, (tx) =>
        sql`select count(*)::int as n from public.${sql.table(table)} where workspace_id = ${b.id}::uuid`.execute(
          tx,
        ),
      );
      expect((after.rows[0] as { n: number }).n).toBe(1);
    });

    it(`${table}: in A, owners and admins read, members and viewers do not, nobody writes`, async () => {
      for (const role of ROLES) {
        const seen = await asUser(db, a.users[role], (tx) =>
          sql`select id from public.${sql.table(table)} where workspace_id = ${a.id}::uuid`.execute(tx),
        );
        expect(seen.rows, role).toHaveLength(role === "owner" || role === "admin" ? 1 : 0);
      }
      const forged = await attempt(() =>
        asUser(db, a.users.owner, (tx) =>
          sql`update public.${sql.table(table)} set workspace_id = ${b.id}::uuid where workspace_id = ${a.id}::uuid`.execute(
            tx,
          ),
        ),
      );
      expect(forged).toEqual({ kind: "denied", code: "42501" });
    });
  }

  it("billing_notices: an owner cannot insert a notice (the service writes them)", async () => {
    const ins = await attempt(() =>
      asUser(db, a.users.owner, (tx) =>
        sql`insert into public.billing_notices (workspace_id, kind, message)
            values (${a.id}::uuid, 'plan_activated', 'forged')`.execute(tx),
      ),
    );
    expect(ins).toEqual({ kind: "denied", code: "42501" });
  });

  it("private.stripe_events: no signed-in role reads or writes it", async () => {
    for (const role of ROLES) {
      const read = await attempt(() =>
        asUser(db, a.users[role], (tx) => sql`select id from private.stripe_events`.execute(tx)),
      );
      expect(read, role).toEqual({ kind: "denied", code: "42501" });
    }
    const count = await asService(db, (tx) =>
      sql`select count(*)::int as n from private.stripe_events where workspace_id in (${a.id}::uuid, ${b.id}::uuid)`.execute(
        tx,
      ),
    );
    expect((count.rows[0] as { n: number }).n).toBe(2);
  });
});
