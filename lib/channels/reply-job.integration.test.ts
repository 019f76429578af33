import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { receiveInbound } from "@/lib/channels/inbound";
import { runReply } from "@/lib/channels/reply-job";
import type { Database } from "@/lib/db/client";
import { addMessageUsage, setBilling } from "@/test/billing/billing-kit";
import { receiveText, seedChannelInbox, seedOfflineAgent } from "@/test/channels/channel-kit";
import {
  asService,
  conversationMessages,
  openDb,
  type SeedWorkspace,
  seedWorkspace,
  uniq,
} from "@/test/db/workspace-kit";
import { ensureQueueSchema } from "@/test/flows/triggers-kit";
import { PLANS } from "../billing/plans";

let db: Database;
let ws: SeedWorkspace;
let agentId: string;

beforeAll(async () => {
  await ensureQueueSchema(process.env.DATABASE_URL as string);
  db = openDb();
  ws = await seedWorkspace(db, "reply-job");
  agentId = (await seedOfflineAgent(ws)).id;
});
afterAll(async () => {
  await db.destroy();
});

async function inbound(inboxId: string, ref: string, text = "Hello there") {
  return { workspaceId: ws.id, ...(await receiveText(db, ws, inboxId, ref, { text })) };
}

const deliveries = (conversationId: string) =>
  db
    .selectFrom("channel_deliveries")
    .selectAll()
    .where("conversation_id", "=", conversationId)
    .orderBy("created_at")
    .execute();

const deliveryJobs = async (deliveryId: string) =>
  Number(
    (
      await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs
        where key = ${`channel_deliver:${deliveryId}`}`.execute(db)
    ).rows[0]?.n,
  );

describe("channel_reply", () => {
  it("answers the stored message once, as the inbox's actor, and sends it on the same job", async () => {
    const { inboxId } = await seedChannelInbox(db, ws, { agentId, channel: "api" });
    const job = await inbound(inboxId, `c-${uniq()}`);
    expect(await runReply(db, job)).toBe("replied");
    const rows = await conversationMessages(db, job.conversationId);
    expect(rows.map((r) => [r.role, r.status, r.created_by])).toEqual([
      ["user", "complete", null],
      ["assistant", "complete", null],
    ]);
    const reply = rows[1];
    const [d] = await deliveries(job.conversationId);
    expect(d).toMatchObject({ kind: "message", message_id: reply?.id, status: "sent", attempts: 1 });
    expect((d?.payload as { text?: string } | undefined)?.text).toEqual(expect.stringMatching(/\S/));
    // Sent inline: the delivery's safety-net job is gone with it.
    expect(await deliveryJobs(d?.id as string)).toBe(0);

    // The job again (a retry, a duplicate job): no second turn, no second delivery.
    expect(await runReply(db, job)).toBe("already_answered");
    expect(await conversationMessages(db, job.conversationId)).toHaveLength(2);
    expect(await deliveries(job.conversationId)).toHaveLength(1);
  });

  it("delivers a stored reply whose delivery was lost (a crash between the two)", async () => {
    const { inboxId } = await seedChannelInbox(db, ws, { agentId, channel: "api" });
    const job = await inbound(inboxId, `c-${uniq()}`);
    await runReply(db, job);
    await db.deleteFrom("channel_deliveries").where("conversation_id", "=", job.conversationId).execute();
    expect(await runReply(db, job)).toBe("delivered_existing");
    expect(await deliveries(job.conversationId)).toHaveLength(1);
    expect(await conversationMessages(db, job.conversationId)).toHaveLength(2);
  });

  it("one turn answers messages that arrived together", async () => {
    const { inboxId } = await seedChannelInbox(db, ws, { agentId, channel: "api" });
    const ref = `c-${uniq()}`;
    const first = await inbound(inboxId, ref, "Hi");
    const second = await inbound(inboxId, ref, "I need shoes");
    expect(await runReply(db, first)).toBe("replied");
    expect(await runReply(db, second)).toBe("already_answered");
    expect((await conversationMessages(db, first.conversationId)).map((r) => r.role)).toEqual([
      "user",
      "user",
      "assistant",
    ]);
  });

  it("stays silent when people handle the conversation or the bot is off", async () => {
    const { inboxId } = await seedChannelInbox(db, ws, { agentId, channel: "api" });
    const job = await inbound(inboxId, `c-${uniq()}`);
    await db
      .updateTable("conversations")
      .set({ handled_by: "human" })
      .where("id", "=", job.conversationId)
      .execute();
    expect(await runReply(db, job)).toBe("not_bot");
    await db
      .updateTable("conversations")
      .set({ handled_by: "bot" })
      .where("id", "=", job.conversationId)
      .execute();
    await db.updateTable("inboxes").set({ bot_enabled: false }).where("id", "=", inboxId).execute();
    expect(await runReply(db, job)).toBe("not_bot");
    expect(await conversationMessages(db, job.conversationId)).toHaveLength(1);
  });

  it("does not answer when the inbox's actor is no longer a member (or is a viewer)", async () => {
    const { inboxId } = await seedChannelInbox(db, ws, {
      agentId,
      channel: "api",
      actor: ws.users.viewer.id,
    });
    const job = await inbound(inboxId, `c-${uniq()}`);
    expect(await runReply(db, job)).toBe("no_actor");
    const gone = await seedWorkspace(db, "reply-gone");
    const agent2 = (await seedOfflineAgent(gone)).id;
    const other = await seedChannelInbox(db, gone, {
      agentId: agent2,
      channel: "api",
      actor: gone.users.member.id,
    });
    await asService(db, (tx) =>
      tx
        .deleteFrom("workspace_members")
        .where("workspace_id", "=", gone.id)
        .where("user_id", "=", gone.users.member.id)
        .execute(),
    );
    const r = await receiveInbound(
      {
        inboxId: other.inboxId,
        workspaceId: gone.id,
        externalMessageId: `m-${uniq()}`,
        externalConversationRef: "x",
        contact: {},
        text: "hi",
      },
      db,
    );
    expect(
      await runReply(db, {
        workspaceId: gone.id,
        conversationId: r.conversationId,
        messageId: r.messageId as string,
      }),
    ).toBe("no_actor");
    expect(await conversationMessages(db, r.conversationId)).toHaveLength(1);
  });

  it("a job naming another workspace's conversation does nothing", async () => {
    const { inboxId } = await seedChannelInbox(db, ws, { agentId, channel: "api" });
    const job = await inbound(inboxId, `c-${uniq()}`);
    const other = await seedWorkspace(db, "reply-other");
    expect(await runReply(db, { ...job, workspaceId: other.id })).toBe("gone");
    expect(await conversationMessages(db, job.conversationId)).toHaveLength(1);
  });

  it("at the plan's message limit the bot does not answer: people take the conversation, and the Inbox says why", async () => {
    const limited = await seedWorkspace(db, "reply-limit");
    const limitedAgent = (await seedOfflineAgent(limited)).id;
    const { inboxId } = await seedChannelInbox(db, limited, { agentId: limitedAgent, channel: "api" });
    setBilling(true);
    try {
      await addMessageUsage(db, limited.id, PLANS.free.limits.messagesPerMonth as number);
      const r = await receiveInbound(
        {
          inboxId,
          workspaceId: limited.id,
          externalMessageId: `m-${uniq()}`,
          externalConversationRef: `c-${uniq()}`,
          contact: {},
          text: "Do you have the black T-shirt?",
        },
        db,
      );
      const job = {
        workspaceId: limited.id,
        conversationId: r.conversationId,
        messageId: r.messageId as string,
      };
      expect(await runReply(db, job)).toBe("plan_limit");
      // The customer's message is kept; no reply was stored or sent.
      expect((await conversationMessages(db, job.conversationId)).map((m) => m.role)).toEqual(["user"]);
      expect(await deliveries(job.conversationId)).toHaveLength(0);
      const conv = await db
        .selectFrom("conversations")
        .select(["handled_by", "handoff_reason"])
        .where("id", "=", job.conversationId)
        .executeTakeFirstOrThrow();
      expect(conv.handled_by).toBe("human");
      expect(conv.handoff_reason).toMatch(/limit of 500 messages this month/);
    } finally {
      setBilling(false);
    }
  });
});
