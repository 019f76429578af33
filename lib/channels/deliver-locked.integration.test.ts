import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueDelivery } from "@/lib/channels/deliver";
import { LOCKED_RECHECK_MS, runDelivery } from "@/lib/channels/deliver-job";
import type { Database } from "@/lib/db/client";
import { queuedJobs, receiveText, seedChannelInbox } from "@/test/channels/channel-kit";
import { installFakeAdapter } from "@/test/channels/fake-adapter";
import { openDb, type SeedWorkspace, seedWorkspace, uniq } from "@/test/db/workspace-kit";
import { type ChannelVendorFake, startChannelVendorFake } from "@/test/fakes/channel-vendor-fake";
import { ensureQueueSchema } from "@/test/flows/triggers-kit";
import { gate } from "@/test/gate";

// A delivery job that finds its row locked by another transaction skips it.
// Were that the last job for a still-pending row (the holder commits without
// queuing one), the tags would never reach Chatwoot: the job looks again.

let db: Database;
let ws: SeedWorkspace;
let vendor: ChannelVendorFake;
let restore: () => void = () => {};
const FAST = { maxAttempts: 3, baseMs: 1000, capMs: 60_000 };

beforeAll(async () => {
  await ensureQueueSchema(process.env.DATABASE_URL as string);
  process.env.SSRF_ALLOWLIST = "127.0.0.1";
  db = openDb();
  ws = await seedWorkspace(db, "deliver-locked");
  vendor = await startChannelVendorFake();
  restore = installFakeAdapter("chatwoot");
});
afterAll(async () => {
  restore();
  await vendor.stop();
  await db.destroy();
});

async function labelsDelivery(status: "pending" | "failed" = "pending") {
  const ref = `c-${uniq()}`;
  const { inboxId } = await seedChannelInbox(db, ws, {
    channel: "chatwoot",
    settings: { baseUrl: vendor.url },
    secrets: { api_token: "tok-secret-1234567890" },
  });
  const r = await receiveText(db, ws, inboxId, ref);
  const id = await enqueueDelivery(db, {
    workspaceId: ws.id,
    inboxId,
    conversationId: r.conversationId,
    kind: "labels",
    payload: {},
  });
  if (status !== "pending")
    await db.updateTable("channel_deliveries").set({ status }).where("id", "=", id).execute();
  // As if the worker had taken the only job: none is left for this row.
  await sql`select graphile_worker.remove_job(${`channel_deliver:${id}`})`.execute(db);
  return { id, ref };
}

/** Holds the row's lock in another transaction until release() is called. */
async function holdLock(id: string) {
  const released = gate();
  const locked = gate();
  const done = db.transaction().execute(async (tx) => {
    await sql`select 1 from public.channel_deliveries where id = ${id} for update`.execute(tx);
    locked.open();
    await released.wait;
  });
  await locked.wait;
  return async () => {
    released.open();
    await done;
  };
}

describe("a delivery job that finds its row locked", () => {
  it("queues a second look shortly, which sends it once the lock is gone", async () => {
    const { id, ref } = await labelsDelivery();
    const unlock = await holdLock(id);
    const before = Date.now();
    expect(await runDelivery(db, id, FAST)).toBe("skipped");
    const jobs = await queuedJobs(db, "channel_deliver", "deliveryId", id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.run_at.getTime()).toBeGreaterThanOrEqual(before + LOCKED_RECHECK_MS - 50);
    expect(jobs[0]?.run_at.getTime()).toBeLessThan(before + 10_000);
    expect(vendor.calls.filter((c) => c.path.startsWith(`/conversations/${ref}/`))).toHaveLength(0);
    await unlock();
    expect(await runDelivery(db, id, FAST)).toBe("sent");
    expect(vendor.calls.filter((c) => c.path === `/conversations/${ref}/labels`)).toHaveLength(1);
    // Sent: a further run finds nothing to do and queues nothing.
    await sql`select graphile_worker.remove_job(${`channel_deliver:${id}`})`.execute(db);
    expect(await runDelivery(db, id, FAST)).toBe("skipped");
    expect(await queuedJobs(db, "channel_deliver", "deliveryId", id)).toHaveLength(0);
  });

  it("queues nothing when the row, as last committed, is not pending", async () => {
    const { id } = await labelsDelivery("failed");
    const unlock = await holdLock(id);
    expect(await runDelivery(db, id, FAST)).toBe("skipped");
    await unlock();
    expect(await queuedJobs(db, "channel_deliver", "deliveryId", id)).toHaveLength(0);
  });

  it("queues nothing for a delivery that does not exist", async () => {
    const id = "00000000-0000-4000-8000-00000000dead";
    expect(await runDelivery(db, id, FAST)).toBe("skipped");
    expect(await queuedJobs(db, "channel_deliver", "deliveryId", id)).toHaveLength(0);
  });
});
