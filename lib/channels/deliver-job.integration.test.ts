import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  enqueueDelivery,
  INLINE_SAFETY_NET_MS,
  type LoadedDelivery,
  recordInlineDelivery,
} from "@/lib/channels/deliver";
import { backoffMs, DEFAULT_RETRY, runDelivery, runInlineDelivery } from "@/lib/channels/deliver-job";
import { retryDelivery } from "@/lib/channels/retry-delivery";
import type { Database } from "@/lib/db/client";
import { queuedJobs, receiveText, seedChannelInbox } from "@/test/channels/channel-kit";
import { installFakeAdapter } from "@/test/channels/fake-adapter";
import { asUser, openDb, type SeedWorkspace, seedWorkspace, uniq } from "@/test/db/workspace-kit";
import { type ChannelVendorFake, startChannelVendorFake } from "@/test/fakes/channel-vendor-fake";
import { ensureQueueSchema } from "@/test/flows/triggers-kit";

let db: Database;
let ws: SeedWorkspace;
let vendor: ChannelVendorFake;
let restore: Array<() => void> = [];
const FAST = { maxAttempts: 3, baseMs: 1000, capMs: 60_000 };

beforeAll(async () => {
  await ensureQueueSchema(process.env.DATABASE_URL as string);
  process.env.SSRF_ALLOWLIST = "127.0.0.1";
  db = openDb();
  ws = await seedWorkspace(db, "deliver-job");
  vendor = await startChannelVendorFake();
  restore = [
    installFakeAdapter("chatwoot"),
    installFakeAdapter("whatsapp", {
      canSendFreeForm: (to) =>
        to.lastInboundAt && Date.now() - to.lastInboundAt.getTime() < 86_400_000
          ? { ok: true }
          : { ok: false, code: "window_closed", message: "Outside the 24-hour window: send a template." },
    }),
  ];
});
afterAll(async () => {
  for (const r of restore) r();
  await vendor.stop();
  await db.destroy();
});

async function conversation(channel: "chatwoot" | "whatsapp", receivedAt?: Date) {
  const ref = `c-${uniq()}`;
  const { inboxId } = await seedChannelInbox(db, ws, {
    channel,
    settings: { baseUrl: vendor.url },
    secrets: { api_token: "tok-secret-1234567890" },
  });
  const r = await receiveText(db, ws, inboxId, ref, { receivedAt });
  return { inboxId, conversationId: r.conversationId, ref };
}

/** A message delivery queued for the conversation, as the reply job queues one. */
const queueMessage = (c: { inboxId: string; conversationId: string }, text: string) =>
  enqueueDelivery(db, {
    workspaceId: ws.id,
    inboxId: c.inboxId,
    conversationId: c.conversationId,
    kind: "message",
    payload: { text },
  });

const delivery = (id: string) =>
  db.selectFrom("channel_deliveries").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const callsTo = (ref: string) => vendor.calls.filter((c) => c.path.startsWith(`/conversations/${ref}/`));

/** As the reply job records its reply: sent inline, a safety-net job a minute out. */
const recordInline = (c: { inboxId: string; conversationId: string }, text: string, onlyWhileBot = true) =>
  recordInlineDelivery(
    db,
    {
      workspaceId: ws.id,
      inboxId: c.inboxId,
      conversationId: c.conversationId,
      kind: "message",
      payload: { text },
    },
    { onlyWhileBot },
  );

describe("a reply sent inline (on the reply job)", () => {
  it("is sent at once and its safety-net job goes with it", async () => {
    const c = await conversation("chatwoot");
    const before = Date.now();
    const d = await recordInline(c, "Hola!");
    const id = d?.id as string;
    // Read with the row: the inbox's secret (sealed), the conversation's reference.
    expect(d).toMatchObject({ status: "pending", channel: "chatwoot", external_ref: c.ref });
    expect(Object.keys(d?.sealed ?? {})).toEqual(["api_token"]);
    expect(JSON.stringify(d?.sealed)).not.toContain("tok-secret");
    const [net] = await queuedJobs(db, "channel_deliver", "deliveryId", id);
    // Were the process to die now, this job would send it a minute later.
    expect(net?.run_at.getTime()).toBeGreaterThanOrEqual(before + INLINE_SAFETY_NET_MS - 1000);
    expect(await runInlineDelivery(db, d as LoadedDelivery, FAST)).toBe("sent");
    expect(callsTo(c.ref)[0]?.headers.api_access_token).toBe("tok-secret-1234567890");
    expect(callsTo(c.ref).map((x) => x.body)).toEqual([{ content: "Hola!" }]);
    expect(await queuedJobs(db, "channel_deliver", "deliveryId", id)).toHaveLength(0);
    // Run again (the job had been taken before it was removed): nothing is sent twice.
    expect(await runDelivery(db, id, FAST)).toBe("skipped");
    expect(callsTo(c.ref)).toHaveLength(1);
  });

  it("a failure moves the safety-net job to the backoff's time; the job sends it then", async () => {
    const c = await conversation("chatwoot");
    const d = (await recordInline(c, "¿Algo más?")) as LoadedDelivery;
    const id = d.id;
    vendor.failNext(1, 503);
    const before = Date.now();
    expect(await runInlineDelivery(db, d, FAST)).toBe("retry");
    const jobs = await queuedJobs(db, "channel_deliver", "deliveryId", id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.run_at.getTime()).toBeGreaterThanOrEqual(before + 900);
    expect(jobs[0]?.run_at.getTime()).toBeLessThan(before + INLINE_SAFETY_NET_MS / 2);
    expect(await runDelivery(db, id, FAST)).toBe("sent");
    expect(await delivery(id)).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("is not recorded once people handle the conversation, unless forced", async () => {
    const c = await conversation("chatwoot");
    await db
      .updateTable("conversations")
      .set({ handled_by: "human" })
      .where("id", "=", c.conversationId)
      .execute();
    expect(await recordInline(c, "too late")).toBeUndefined();
    expect(
      await db
        .selectFrom("channel_deliveries")
        .select("id")
        .where("conversation_id", "=", c.conversationId)
        .execute(),
    ).toHaveLength(0);
    expect(await recordInline(c, "I handed you to a person", false)).toMatchObject({ status: "pending" });
  });
});

describe("channel_deliver", () => {
  it("sends a message once, with the inbox's secret, and keeps the vendor's id", async () => {
    const c = await conversation("chatwoot");
    const id = await queueMessage(c, "Hello!");
    expect(await runDelivery(db, id, FAST)).toBe("sent");
    expect(await runDelivery(db, id, FAST)).toBe("skipped");
    const calls = callsTo(c.ref);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ path: `/conversations/${c.ref}/messages`, body: { content: "Hello!" } });
    expect(calls[0]?.headers.api_access_token).toBe("tok-secret-1234567890");
    expect(await delivery(id)).toMatchObject({
      status: "sent",
      attempts: 1,
      delivery_status: "sent",
      last_error: null,
    });
    expect((await delivery(id)).external_id).toMatch(/^vendor-\d+$/);
  });

  it("labels failing twice then succeeding end with the conversation's current tags", async () => {
    const c = await conversation("chatwoot");
    await asUser(db, ws.users.member, (tx) =>
      tx
        .updateTable("conversations")
        .set({ tags: ["lead"] })
        .where("id", "=", c.conversationId)
        .execute(),
    );
    const d = await db
      .selectFrom("channel_deliveries")
      .select("id")
      .where("conversation_id", "=", c.conversationId)
      .executeTakeFirstOrThrow();
    vendor.failNext(2, 503);
    const before = Date.now();
    expect(await runDelivery(db, d.id, { ...FAST, maxAttempts: 6 })).toBe("retry");
    const [job] = await queuedJobs(db, "channel_deliver", "deliveryId", d.id);
    // The next try waits the backoff (1 s after the first failure).
    expect(job?.run_at.getTime()).toBeGreaterThanOrEqual(before + 900);
    expect(await delivery(d.id)).toMatchObject({
      status: "pending",
      attempts: 1,
      last_error: { code: "http_503" },
    });
    // Tagged again meanwhile: the pending delivery carries the whole new set.
    await asUser(db, ws.users.member, (tx) =>
      tx
        .updateTable("conversations")
        .set({ tags: ["lead", "vip"] })
        .where("id", "=", c.conversationId)
        .execute(),
    );
    expect(await runDelivery(db, d.id, { ...FAST, maxAttempts: 6 })).toBe("retry");
    expect(await runDelivery(db, d.id, { ...FAST, maxAttempts: 6 })).toBe("sent");
    const labels = callsTo(c.ref).map((x) => x.body);
    expect(labels).toEqual([{ labels: ["lead"] }, { labels: ["lead", "vip"] }, { labels: ["lead", "vip"] }]);
    expect(await delivery(d.id)).toMatchObject({ status: "sent", attempts: 3, last_error: null });
    expect(
      await db
        .selectFrom("channel_deliveries")
        .select("id")
        .where("conversation_id", "=", c.conversationId)
        .execute(),
    ).toHaveLength(1);
  });

  it("fails after the last try, stays visible, and a member's Retry sends it", async () => {
    const c = await conversation("chatwoot");
    const id = await queueMessage(c, "Try me");
    vendor.failNext(3, 502);
    expect(await runDelivery(db, id, FAST)).toBe("retry");
    expect(await runDelivery(db, id, FAST)).toBe("retry");
    expect(await runDelivery(db, id, FAST)).toBe("failed");
    expect(await delivery(id)).toMatchObject({
      status: "failed",
      attempts: 3,
      last_error: { code: "http_502" },
    });
    expect(await runDelivery(db, id, FAST)).toBe("skipped");

    const viewer = { claims: ws.users.viewer.claims, workspaceId: ws.id };
    await expect(retryDelivery(viewer, id)).rejects.toMatchObject({ code: "forbidden" });
    const other = await seedWorkspace(db, "deliver-other");
    await expect(
      retryDelivery({ claims: other.users.owner.claims, workspaceId: other.id }, id),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      retryDelivery({ claims: other.users.owner.claims, workspaceId: ws.id }, id),
    ).rejects.toMatchObject({ code: "not_found" });

    await retryDelivery({ claims: ws.users.member.claims, workspaceId: ws.id }, id);
    expect(await delivery(id)).toMatchObject({ status: "pending", attempts: 0 });
    expect(await queuedJobs(db, "channel_deliver", "deliveryId", id)).toHaveLength(1);
    await expect(
      retryDelivery({ claims: ws.users.member.claims, workspaceId: ws.id }, id),
    ).rejects.toMatchObject({ code: "conflict" });
    expect(await runDelivery(db, id, FAST)).toBe("sent");
    expect(callsTo(c.ref)).toHaveLength(4);
  });

  it("a 4xx fails at once (no retry would help)", async () => {
    const c = await conversation("chatwoot");
    const id = await queueMessage(c, "x");
    vendor.failNext(1, 401);
    expect(await runDelivery(db, id, FAST)).toBe("failed");
    expect(await delivery(id)).toMatchObject({
      status: "failed",
      attempts: 1,
      last_error: { code: "http_401" },
    });
  });

  it("outside WhatsApp's window a free-form message fails with the reason and is never sent", async () => {
    const c = await conversation("whatsapp", new Date(Date.now() - 25 * 3_600_000));
    const id = await queueMessage(c, "late");
    expect(await runDelivery(db, id, FAST)).toBe("failed");
    expect(await delivery(id)).toMatchObject({ last_error: { code: "window_closed" } });
    expect(callsTo(c.ref)).toHaveLength(0);
  });

  it("a vendor URL to a private address is refused by the SSRF guard, for good", async () => {
    const c = await conversation("chatwoot");
    await db
      .updateTable("inboxes")
      .set({ settings: JSON.stringify({ baseUrl: "http://10.0.0.1:80" }) })
      .where("id", "=", c.inboxId)
      .execute();
    const id = await queueMessage(c, "x");
    expect(await runDelivery(db, id, FAST)).toBe("failed");
    expect(await delivery(id)).toMatchObject({ status: "failed", last_error: { code: "refused" } });
  });

  it("backs off exponentially, capped", () => {
    expect([1, 2, 3, 4, 5, 20].map((n) => backoffMs(DEFAULT_RETRY, n))).toEqual([
      2000, 4000, 8000, 16000, 32000, 300000,
    ]);
  });
});
