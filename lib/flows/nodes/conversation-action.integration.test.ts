import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newConversation, webInbox } from "@/test/db/chat-kit";
import { conversationMessages, openDb, type SeedWorkspace, seedWorkspace } from "@/test/db/workspace-kit";
import { type FlowFixture, nodeContext, runNode, seedFlowRun } from "@/test/flows/flow-node-kit";
import { createAgent } from "../../agents";
import { getConversation } from "../../conversations";
import { closeDb, type Database } from "../../db/client";
import { conversationActionNode as node } from "./conversation-action";

let db: Database;
let a: SeedWorkspace;
let b: SeedWorkspace;
let fx: FlowFixture;
let convA: string;
let convB: string;
let agentId: string;

const scopeA = () => ({ claims: a.users.member.claims, workspaceId: a.id });

beforeAll(async () => {
  db = openDb();
  [a, b] = await Promise.all([seedWorkspace(db, "node-conv-a"), seedWorkspace(db, "node-conv-b")]);
  agentId = (await createAgent(scopeA(), { name: "Helper" })).id;
  convA = await newConversation(db, a.users.member, a.id, await webInbox(db, a.users.owner, a.id), agentId);
  convB = await newConversation(db, b.users.member, b.id, await webInbox(db, b.users.owner, b.id));
  fx = await seedFlowRun(db, a.id, a.users.member.id);
});

afterAll(async () => {
  await db.destroy();
  await closeDb();
});

describe("conversation_action node", () => {
  it("sends a message as the conversation's agent, once per idempotency key", async () => {
    const ctx = nodeContext(fx, "conversation_action");
    const config = { conversationId: convA, action: "send_message", text: "Your order shipped." };
    const first = await runNode(node, ctx, config);
    expect(first).toMatchObject({
      kind: "done",
      output: { conversationId: convA, sent: true, messageIndex: 1 },
    });
    // The same node retried (same key): the stored message is found, not sent again.
    const retry = await runNode(node, { ...ctx, attempt: 2 }, config);
    expect(retry).toMatchObject({ output: { sent: false, messageIndex: 1 } });
    // Another node (another key) sends its own.
    const other = await runNode(node, nodeContext(fx, "conversation_action"), config);
    expect(other).toMatchObject({ output: { sent: true, messageIndex: 2 } });
    const rows = await conversationMessages(db, convA);
    expect(rows.map((r) => [r.role, r.status, r.agent_id])).toEqual([
      ["assistant", "complete", agentId],
      ["assistant", "complete", agentId],
    ]);
    expect(JSON.stringify(rows[0]?.parts)).toContain("Your order shipped.");
  });

  it("adds and removes tags, closes, reopens and hands over", async () => {
    const run = (config: Record<string, unknown>) =>
      runNode(node, nodeContext(fx, "conversation_action"), { conversationId: convA, ...config });
    await run({ action: "add_tags", tags: ["lead", "vip"] });
    await run({ action: "add_tags", tags: ["vip", "whatsapp"] });
    expect((await getConversation(scopeA(), convA)).tags).toEqual(["lead", "vip", "whatsapp"]);
    await run({ action: "remove_tags", tags: ["vip", "absent"] });
    expect((await getConversation(scopeA(), convA)).tags).toEqual(["lead", "whatsapp"]);
    expect(await run({ action: "close" })).toMatchObject({ output: { status: "closed" } });
    expect(await run({ action: "reopen" })).toMatchObject({ output: { status: "open" } });
    await run({ action: "close" });
    const handed = await run({ action: "hand_over" });
    expect(handed).toMatchObject({
      output: { status: "open", priority: "high", tags: ["lead", "whatsapp", "handoff"], handledBy: "human" },
    });
    // The bot goes silent on it, as with the agent's handoff_to_human.
    expect(
      await db
        .selectFrom("conversations")
        .select(["handled_by", "handoff_reason"])
        .where("id", "=", convA)
        .executeTakeFirst(),
    ).toEqual({ handled_by: "human", handoff_reason: "Handed over by a flow." });
    const custom = await run({ action: "hand_over", handoffTag: "human", handoffPriority: "urgent" });
    expect(custom).toMatchObject({
      output: { priority: "urgent", tags: ["lead", "whatsapp", "handoff", "human"] },
    });
  });

  it("answers not_found for another workspace's, unknown or malformed conversations, changing nothing", async () => {
    for (const conversationId of [convB, "00000000-0000-4000-8000-000000000000", "not-an-id"]) {
      for (const config of [
        { action: "send_message", text: "hi" },
        { action: "add_tags", tags: ["x"] },
        { action: "close" },
        { action: "hand_over" },
      ]) {
        await expect(
          runNode(node, nodeContext(fx, "conversation_action"), { conversationId, ...config }),
          `${conversationId} ${config.action}`,
        ).rejects.toMatchObject({ name: "AppError", code: "not_found" });
      }
    }
    expect(await conversationMessages(db, convB)).toEqual([]);
    const other = await db
      .selectFrom("conversations")
      .select(["tags", "status"])
      .where("id", "=", convB)
      .executeTakeFirst();
    expect(other).toEqual({ tags: [], status: "open" });
  });

  it("refuses bad configs: no text, no tags, oversized text, a bad tag", () => {
    const bad = [
      { conversationId: convA, action: "send_message" },
      { conversationId: convA, action: "send_message", text: "   " },
      { conversationId: convA, action: "send_message", text: "x".repeat(32_001) },
      // PostgreSQL's jsonb cannot hold NUL: refused as input, not a database error.
      { conversationId: convA, action: "send_message", text: "a\u0000b" },
      { conversationId: convA, action: "add_tags", tags: [] },
      { conversationId: convA, action: "add_tags", tags: ["x".repeat(51)] },
      { conversationId: convA, action: "explode" },
    ];
    for (const config of bad)
      expect(node.config.safeParse(config).success, JSON.stringify(config).slice(0, 80)).toBe(false);
  });

  it("refuses to exceed 50 tags with a clear error", async () => {
    const many = Array.from({ length: 50 }, (_, i) => `t${i}`);
    await expect(
      runNode(node, nodeContext(fx, "conversation_action"), {
        conversationId: convA,
        action: "add_tags",
        tags: many,
      }),
    ).rejects.toMatchObject({ code: "validation_failed" });
  });
});
