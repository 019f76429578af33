import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { addMessageUsage, setBilling, setPlan } from "../../test/billing/billing-kit";
import {
  asService,
  asUser,
  attempt,
  openDb,
  type SeedWorkspace,
  seedWorkspace,
} from "../../test/db/workspace-kit";
import type { Database } from "../db/client";
import { rereadEnv } from "../env";
import { isAppError } from "../errors";
import {
  assertWithinLimit,
  checkLimit,
  invalidateBillingCache,
  usageOf,
  workspacePlan,
} from "./entitlements";
import { closePlanListener } from "./plan-listener";
import { PLANS } from "./plans";

let db: Database;
let a: SeedWorkspace;
let b: SeedWorkspace;

beforeAll(async () => {
  db = openDb();
  a = await seedWorkspace(db, "bill-a");
  b = await seedWorkspace(db, "bill-b");
});

afterAll(async () => {
  setBilling(false);
  await closePlanListener();
  await db.destroy();
});

afterEach(() => setBilling(false));

const FREE_MESSAGES = PLANS.free.limits.messagesPerMonth as number;

describe("workspace_billing isolation", () => {
  beforeAll(async () => {
    await setPlan(db, a.id, "pro");
    await setPlan(db, b.id, "business");
  });

  it("members read their own workspace's row and never another's", async () => {
    for (const role of ["owner", "viewer"] as const) {
      const rows = await asUser(db, a.users[role], (tx) =>
        tx.selectFrom("workspace_billing").select(["workspace_id", "plan"]).execute(),
      );
      expect(rows).toEqual([{ workspace_id: a.id, plan: "pro" }]);
    }
    const crossRead = await asUser(db, a.users.owner, (tx) =>
      tx.selectFrom("workspace_billing").selectAll().where("workspace_id", "=", b.id).execute(),
    );
    expect(crossRead).toEqual([]);
  });

  it("no member, not even an owner, writes it: only the service path does", async () => {
    const upgrade = await attempt(() =>
      asUser(db, a.users.owner, (tx) =>
        sql`update public.workspace_billing set plan = 'business' where workspace_id = ${a.id}`.execute(tx),
      ),
    );
    expect(upgrade).toEqual({ kind: "denied", code: "42501" });
    const insert = await attempt(() =>
      asUser(db, a.users.owner, (tx) =>
        sql`insert into public.workspace_billing (workspace_id, plan, status) values (${a.id}, 'business', 'active')
            on conflict do nothing`.execute(tx),
      ),
    );
    expect(insert).toEqual({ kind: "denied", code: "42501" });
    const row = await asService(db, (tx) =>
      tx.selectFrom("workspace_billing").select("plan").where("workspace_id", "=", a.id).executeTakeFirst(),
    );
    expect(row?.plan).toBe("pro");
  });
});

describe("workspaces.plan follows the subscription", () => {
  it("its plan while active/trialing/past due, Free once canceled; each change audited", async () => {
    const ws = await seedWorkspace(db, "bill-sync");
    const plan = async () =>
      (
        await asService(db, (tx) =>
          tx.selectFrom("workspaces").select("plan").where("id", "=", ws.id).executeTakeFirstOrThrow(),
        )
      ).plan;
    await setPlan(db, ws.id, "pro", "trialing");
    expect(await plan()).toBe("pro");
    await setPlan(db, ws.id, "business", "past_due");
    expect(await plan()).toBe("business");
    await setPlan(db, ws.id, "business", "canceled");
    expect(await plan()).toBe("free");
    const audited = await asService(db, (tx) =>
      tx
        .selectFrom("audit_log")
        .select("details")
        .where("workspace_id", "=", ws.id)
        .where("action", "=", "workspace.plan_changed")
        .orderBy("id")
        .execute(),
    );
    expect(audited.map((a) => a.details)).toEqual([
      { from: "free", to: "pro" },
      { from: "pro", to: "business" },
      { from: "business", to: "free" },
    ]);
  });
});

describe("checkLimit", () => {
  it("billing off (no STRIPE_SECRET_KEY): everything is allowed, unlimited, whatever the usage", async () => {
    setBilling(false);
    const ws = await seedWorkspace(db, "bill-off");
    await addMessageUsage(db, ws.id, FREE_MESSAGES + 50);
    expect(await checkLimit(db, ws.id, "message")).toEqual({
      allowed: true,
      limit: null,
      used: 0,
      warn: false,
    });
    await expect(assertWithinLimit(db, ws.id, "member", 10)).resolves.toMatchObject({ allowed: true });
  });

  it("a Free workspace at its message limit is refused with 402 plan_limit, limit, used and an upgrade link", async () => {
    setBilling(true);
    const ws = await seedWorkspace(db, "bill-msg");
    await addMessageUsage(db, ws.id, FREE_MESSAGES - 1);
    expect(await checkLimit(db, ws.id, "message")).toEqual({
      allowed: true,
      limit: FREE_MESSAGES,
      used: FREE_MESSAGES - 1,
      warn: true,
    });
    await addMessageUsage(db, ws.id, 1);
    expect(await checkLimit(db, ws.id, "message")).toMatchObject({ allowed: false, used: FREE_MESSAGES });
    const err = await assertWithinLimit(db, ws.id, "message").catch((e: unknown) => e);
    expect(isAppError(err)).toBe(true);
    if (!isAppError(err)) return;
    expect(err.status).toBe(402);
    expect(err.toBody()).toEqual({
      error: {
        code: "plan_limit",
        message: expect.stringContaining("500 messages this month"),
        details: {
          kind: "message",
          plan: "free",
          limit: FREE_MESSAGES,
          used: FREE_MESSAGES,
          upgradeUrl: `http://localhost:3000/w/${ws.slug}/billing`,
        },
      },
    });
  });

  it("an unknown workspace is not_found, never allowed by default", async () => {
    setBilling(true);
    const err = await checkLimit(db, "00000000-0000-4000-8000-000000000000", "message").catch(
      (e: unknown) => e,
    );
    expect(isAppError(err) && err.code).toBe("not_found");
  });

  it("failed replies are not counted against the plan", async () => {
    setBilling(true);
    const ws = await seedWorkspace(db, "bill-errors");
    await asService(db, (tx) =>
      sql`insert into public.usage_daily (workspace_id, day, shard, messages, assistant_messages, errors)
          values (${ws.id}, (now() at time zone 'UTC')::date, 1, 40, 20, 5)`.execute(tx),
    );
    expect(await checkLimit(db, ws.id, "message")).toMatchObject({ used: 15 });
  });

  it("warns from 80% and counts this month's replies only", async () => {
    setBilling(true);
    const ws = await seedWorkspace(db, "bill-warn");
    await asService(db, (tx) =>
      sql`insert into public.usage_daily (workspace_id, day, shard, messages, assistant_messages)
          values (${ws.id}, (date_trunc('month', now(), 'UTC') at time zone 'UTC')::date - 1, 0, 900, 900)`.execute(
        tx,
      ),
    );
    expect(await checkLimit(db, ws.id, "message")).toMatchObject({ allowed: true, used: 0, warn: false });
    await addMessageUsage(db, ws.id, FREE_MESSAGES * 0.8 - 2);
    expect(await checkLimit(db, ws.id, "message")).toMatchObject({ warn: false });
    await addMessageUsage(db, ws.id, 1);
    expect(await checkLimit(db, ws.id, "message")).toMatchObject({ warn: true, allowed: true });
  });

  it("the effective plan: active/trialing → its limits; past_due within grace → its limits, after → Free; canceled → Free", async () => {
    setBilling(true);
    const ws = await seedWorkspace(db, "bill-plan");
    await addMessageUsage(db, ws.id, FREE_MESSAGES + 10);
    const allowed = async () => (await checkLimit(db, ws.id, "message")).allowed;
    expect(await allowed()).toBe(false);
    await setPlan(db, ws.id, "pro", "active");
    expect(await checkLimit(db, ws.id, "message")).toMatchObject({ allowed: true, limit: 10_000 });
    await setPlan(db, ws.id, "pro", "trialing");
    expect(await allowed()).toBe(true);
    await setPlan(db, ws.id, "pro", "past_due", new Date(Date.now() + 86_400_000));
    expect(await allowed()).toBe(true);
    await setPlan(db, ws.id, "pro", "past_due", new Date(Date.now() - 1000));
    expect(await allowed()).toBe(false);
    await setPlan(db, ws.id, "business", "canceled");
    expect(await allowed()).toBe(false);
    await setPlan(db, ws.id, "business", "none");
    expect(await allowed()).toBe(false);
  });

  it("paid plans' messages are an allowance: past it they go on (billed as overage) when an overage price is set", async () => {
    setBilling(true);
    const ws = await seedWorkspace(db, "bill-overage");
    await setPlan(db, ws.id, "pro", "active");
    const proLimit = PLANS.pro.limits.messagesPerMonth as number;
    await addMessageUsage(db, ws.id, proLimit + 25);
    const saved = process.env.STRIPE_PRICE_MESSAGES_OVERAGE;
    try {
      delete process.env.STRIPE_PRICE_MESSAGES_OVERAGE;
      rereadEnv();
      invalidateBillingCache(ws.id);
      // Without an overage price there is nothing to bill it with: the allowance is a wall.
      expect(await checkLimit(db, ws.id, "message")).toMatchObject({ allowed: false, limit: proLimit });
      process.env.STRIPE_PRICE_MESSAGES_OVERAGE = "price_overage_test";
      rereadEnv();
      invalidateBillingCache(ws.id);
      expect(await checkLimit(db, ws.id, "message")).toEqual({
        allowed: true,
        limit: proLimit,
        used: proLimit + 25,
        warn: true,
      });
      await expect(assertWithinLimit(db, ws.id, "message")).resolves.toMatchObject({ allowed: true });
      // Other limits stay walls, and Free has no overage at all.
      await setPlan(db, ws.id, "free", "none");
      invalidateBillingCache(ws.id);
      expect(await checkLimit(db, ws.id, "message")).toMatchObject({ allowed: false });
    } finally {
      if (saved === undefined) delete process.env.STRIPE_PRICE_MESSAGES_OVERAGE;
      else process.env.STRIPE_PRICE_MESSAGES_OVERAGE = saved;
      rereadEnv();
    }
  });

  it("seats count members and pending invitations; accepting (add 0) fits while within the limit", async () => {
    setBilling(true);
    const ws = await seedWorkspace(db, "bill-seat");
    // Seeded: four members and one pending invitation = the Free plan's five seats.
    expect(await checkLimit(db, ws.id, "member")).toMatchObject({ allowed: false, used: 5, limit: 5 });
    expect(await checkLimit(db, ws.id, "member", 0)).toMatchObject({ allowed: true });
    await asService(db, (tx) =>
      tx
        .updateTable("invitations")
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where("workspace_id", "=", ws.id)
        .execute(),
    );
    expect(await checkLimit(db, ws.id, "member")).toMatchObject({ allowed: true, used: 4 });
  });

  it("agents and flow runs are counted per workspace", async () => {
    setBilling(true);
    const ws = await seedWorkspace(db, "bill-agents");
    await asService(db, (tx) =>
      tx
        .insertInto("agents")
        .values([1, 2, 3].map((i) => ({ workspace_id: ws.id, name: `A${i}` })))
        .execute(),
    );
    expect(await checkLimit(db, ws.id, "agent")).toMatchObject({ allowed: false, used: 3, limit: 3 });
    expect(await checkLimit(db, a.id, "agent")).toMatchObject({ allowed: true, used: 0 });
    expect(await usageOf(db, ws.id)).toEqual({ message: 0, agent: 3, member: 5, flow_run: 0 });
  });

  it("a plan changed by another process reaches this process's cache at once (LISTEN), not after its TTL", async () => {
    setBilling(true);
    const ws = await seedWorkspace(db, "bill-notify");
    expect(await checkLimit(db, ws.id, "agent")).toMatchObject({ limit: 3 });
    await new Promise((r) => setTimeout(r, 300)); // the listener connects in the background
    // Written as the webhook would from another process: nothing here is told to forget its copy.
    await asService(db, (tx) =>
      sql`insert into public.workspace_billing (workspace_id, plan, status) values (${ws.id}, 'pro', 'active')`.execute(
        tx,
      ),
    );
    const t0 = Date.now();
    while ((await workspacePlan(db, ws.id)).plan !== "pro" && Date.now() - t0 < 3_000) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await workspacePlan(db, ws.id)).plan).toBe("pro");
    // Well inside the 5 s the cache would otherwise keep the old plan.
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(await checkLimit(db, ws.id, "agent")).toMatchObject({ limit: 25 });
  });

  it("a cached count is trusted far from the limit and read again near it", async () => {
    setBilling(true);
    const ws = await seedWorkspace(db, "bill-cache");
    expect((await assertWithinLimit(db, ws.id, "message")).used).toBe(0);
    // A probe (checkLimit) creates nothing and counts nothing.
    expect((await checkLimit(db, ws.id, "message")).used).toBe(1);
    expect((await checkLimit(db, ws.id, "message")).used).toBe(1);
    // Written behind the cache's back (another process's turns): far from the limit, the cache answers.
    await asService(db, (tx) =>
      sql`insert into public.usage_daily (workspace_id, day, shard, messages, assistant_messages)
          values (${ws.id}, (now() at time zone 'UTC')::date, 3, ${FREE_MESSAGES}, ${FREE_MESSAGES})`.execute(
        tx,
      ),
    );
    // The first (asserting) check counted itself: the cached figure is 1.
    expect(await checkLimit(db, ws.id, "message")).toMatchObject({ allowed: true, used: 1 });
    invalidateBillingCache(ws.id);
    expect(await checkLimit(db, ws.id, "message")).toMatchObject({ allowed: false, used: FREE_MESSAGES });
    // Near (here: at) the limit, nothing is cached as allowed: every check reads again.
    await asService(db, (tx) => tx.deleteFrom("usage_daily").where("workspace_id", "=", ws.id).execute());
    expect(await checkLimit(db, ws.id, "message")).toMatchObject({ allowed: true, used: 0 });
  });
});
