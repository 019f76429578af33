import type { Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { receiveInbound } from "@/lib/channels/inbound";
import { textOfParts } from "@/lib/chat/parts";
import { closeDb, type Database } from "@/lib/db/client";
import { startWorker } from "@/lib/worker/start-worker";
import { seedChannelInbox, seedOfflineAgent } from "@/test/channels/channel-kit";
import { installFakeAdapter } from "@/test/channels/fake-adapter";
import {
  conversationMessages,
  openDb,
  type SeedWorkspace,
  seedWorkspace,
  uniq,
} from "@/test/db/workspace-kit";
import { type ChannelVendorFake, startChannelVendorFake } from "@/test/fakes/channel-vendor-fake";

// The whole path on the real worker: a customer's message is acknowledged,
// the worker runs the agent (offline model) as the inbox's actor, and the
// reply reaches the vendor over HTTP (a fake at the HTTP boundary).

let db: Database;
let ws: SeedWorkspace;
let runner: Runner;
let vendor: ChannelVendorFake;
let restore: () => void;
let inboxId: string;

beforeAll(async () => {
  process.env.SSRF_ALLOWLIST = "127.0.0.1";
  db = openDb();
  ws = await seedWorkspace(db, "channel-worker");
  vendor = await startChannelVendorFake();
  restore = installFakeAdapter("chatwoot");
  const agent = await seedOfflineAgent(ws);
  inboxId = (
    await seedChannelInbox(db, ws, {
      agentId: agent.id,
      settings: { baseUrl: vendor.url },
      secrets: { api_token: "bot-token-123456789" },
    })
  ).inboxId;
  runner = await startWorker({ connectionString: process.env.DATABASE_URL as string, db, concurrency: 4 });
});

afterAll(async () => {
  await runner?.stop();
  restore?.();
  await vendor?.stop();
  await db?.destroy();
  await closeDb();
});

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  ms = 15_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const inbound = (ref: string, id = `m-${uniq()}`, text = "Do you sell mugs?") =>
  receiveInbound(
    { inboxId, workspaceId: ws.id, externalMessageId: id, externalConversationRef: ref, contact: {}, text },
    db,
  );
const posted = (ref: string) => vendor.calls.filter((c) => c.path === `/conversations/${ref}/messages`);

describe("channel reply on the worker", () => {
  it("posts the agent's stored reply to the vendor once, even when the vendor delivers the message twice", async () => {
    const ref = `c-${uniq()}`;
    const first = await inbound(ref, "dup-1");
    expect(first.queuedReply).toBe(true);
    expect((await inbound(ref, "dup-1")).duplicate).toBe(true);
    const [call] = await until("the reply at the vendor", () =>
      posted(ref).length ? posted(ref) : undefined,
    );
    const rows = await conversationMessages(db, first.conversationId);
    expect(rows.map((r) => r.role)).toEqual(["user", "assistant"]);
    expect(call?.body).toEqual({ content: textOfParts(rows[1]?.parts as never) });
    expect(call?.headers.api_access_token).toBe("bot-token-123456789");
    const d = await until("the delivery marked sent", async () => {
      const row = await db
        .selectFrom("channel_deliveries")
        .selectAll()
        .where("message_id", "=", rows[1]?.id as string)
        .executeTakeFirst();
      return row?.status === "sent" ? row : undefined;
    });
    expect(d.external_id).toMatch(/^vendor-/);
    await new Promise((r) => setTimeout(r, 300));
    expect(posted(ref)).toHaveLength(1);
  });

  it("retries a vendor failure with backoff and delivers", async () => {
    const ref = `c-${uniq()}`;
    vendor.failNext(1, 503);
    await inbound(ref);
    await until("the retried reply", () => (posted(ref).length >= 2 ? posted(ref) : undefined), 20_000);
    expect(posted(ref)).toHaveLength(2);
  });

  it("stays silent when the customer asks for a person; the handoff still reaches the vendor", async () => {
    const ref = `c-${uniq()}`;
    const r = await inbound(ref, undefined, "I want to talk to a human");
    expect(r.handoff).toBe(true);
    await until("the handoff at the vendor", () =>
      vendor.calls.some((c) => c.path === `/conversations/${ref}/toggle_status`) ? true : undefined,
    );
    expect(posted(ref)).toHaveLength(0);
    expect(await conversationMessages(db, r.conversationId)).toHaveLength(1);
  });
});
