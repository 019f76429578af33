import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  asService,
  asUser,
  openDb,
  type Role,
  type SeedWorkspace,
  seedWorkspace,
} from "../../test/db/workspace-kit";
import { createAgent } from "../agents";
import { closeDb, type Database } from "../db/client";
import { AppError } from "../errors";
import {
  deleteConversation,
  getConversation,
  listMessages,
  renameConversation,
  setConversationStatus,
  setConversationTags,
  startConversation,
  updateConversation,
} from ".";

let db: Database;
let a: SeedWorkspace;
let b: SeedWorkspace;
let agentA: string;
let agentB: string;

const as = (ws: SeedWorkspace, role: Role, workspaceId = ws.id) => ({
  claims: ws.users[role].claims,
  workspaceId,
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err.code;
}

/** A message with usage, on the service path that writes a reply's output and usage. */
async function addMessage(
  ws: SeedWorkspace,
  conversationId: string,
  text: string,
  role: "user" | "assistant" = "user",
) {
  return asService(db, (tx) =>
    tx
      .insertInto("messages")
      .values({
        workspace_id: ws.id,
        conversation_id: conversationId,
        role,
        parts: JSON.stringify([{ type: "text", text }]),
        cost: "0.001250",
        input_tokens: 3,
      })
      .returning(["message_index"])
      .executeTakeFirstOrThrow(),
  );
}

beforeAll(async () => {
  db = openDb();
  a = await seedWorkspace(db, "conv-a");
  b = await seedWorkspace(db, "conv-b");
  agentA = (await createAgent(as(a, "member"), { name: "A bot" })).id;
  agentB = (await createAgent(as(b, "member"), { name: "B bot" })).id;
});

afterAll(async () => {
  await closeDb();
  await db?.destroy();
});

describe("startConversation", () => {
  it("opens a conversation in the workspace's web inbox", async () => {
    const conv = await startConversation(as(a, "member"), { agentId: agentA, title: "  Hello " });
    const inbox = await asService(db, (tx) =>
      tx
        .selectFrom("inboxes")
        .select("id")
        .where("workspace_id", "=", a.id)
        .where("channel", "=", "web")
        .executeTakeFirstOrThrow(),
    );
    expect(conv).toMatchObject({
      workspaceId: a.id,
      inboxId: inbox.id,
      channel: "web",
      agentId: agentA,
      title: "Hello",
      status: "open",
      tags: [],
      messageCount: 0,
      lastMessageAt: null,
      createdBy: a.users.member.id,
    });
    expect(await getConversation(as(a, "viewer"), conv.id)).toEqual(conv);
  });

  it("refuses viewers, and agents of another workspace", async () => {
    expect(await codeOf(startConversation(as(a, "viewer"), { agentId: agentA }))).toBe("forbidden");
    expect(await codeOf(startConversation(as(a, "member"), { agentId: agentB }))).toBe("not_found");
    expect(await codeOf(startConversation(as(b, "owner", a.id), { agentId: agentA }))).toBe("not_found");
    expect(await codeOf(startConversation(as(a, "member"), { agentId: "nope" }))).toBe("validation_failed");
  });
});

describe("status, tags and title", () => {
  it("members change them; viewers cannot", async () => {
    const conv = await startConversation(as(a, "member"), { agentId: agentA });
    const closed = await setConversationStatus(as(a, "member"), conv.id, "closed");
    expect(closed.status).toBe("closed");
    const tagged = await setConversationTags(as(a, "member"), conv.id, [" vip ", "lead", "vip", "Lead"]);
    expect(tagged.tags).toEqual(["vip", "lead", "Lead"]);
    expect((await renameConversation(as(a, "member"), conv.id, "  Pricing  ")).title).toBe("Pricing");
    expect((await renameConversation(as(a, "member"), conv.id, "   ")).title).toBeNull();
    const both = await updateConversation(as(a, "admin"), conv.id, { status: "open", tags: [] });
    expect(both).toMatchObject({ status: "open", tags: [], title: null });
    expect(await codeOf(setConversationStatus(as(a, "viewer"), conv.id, "closed"))).toBe("forbidden");
    expect(await codeOf(setConversationTags(as(a, "member"), conv.id, ["x".repeat(51)]))).toBe(
      "validation_failed",
    );
    expect(await codeOf(updateConversation(as(a, "member"), conv.id, {}))).toBe("validation_failed");
    expect((await getConversation(as(a, "viewer"), conv.id)).status).toBe("open");
  });

  it("priority: members set it, the database refuses other values, another workspace cannot touch it", async () => {
    const conv = await startConversation(as(a, "member"), { agentId: agentA });
    expect(conv.priority).toBe("normal");
    expect((await updateConversation(as(a, "member"), conv.id, { priority: "high" })).priority).toBe("high");
    expect(await codeOf(updateConversation(as(a, "viewer"), conv.id, { priority: "low" }))).toBe("forbidden");
    expect(await codeOf(updateConversation(as(b, "owner", a.id), conv.id, { priority: "low" }))).toBe(
      "not_found",
    );
    // Even a writer that skips the contract (the service role) cannot store an unknown priority.
    const raw = asService(db, (tx) =>
      tx.updateTable("conversations").set({ priority: "critical" }).where("id", "=", conv.id).execute(),
    );
    await expect(raw).rejects.toMatchObject({ code: "23514", constraint: "conversations_priority_check" });
    // A member's own update cannot slip past it either.
    const direct = asUser(db, a.users.member, (tx) =>
      tx.updateTable("conversations").set({ priority: "" }).where("id", "=", conv.id).execute(),
    );
    await expect(direct).rejects.toMatchObject({ code: "23514" });
    expect((await getConversation(as(a, "viewer"), conv.id)).priority).toBe("high");
  });

  it("only admins delete, and messages go with the conversation", async () => {
    const conv = await startConversation(as(a, "member"), { agentId: agentA });
    await addMessage(a, conv.id, "bye");
    expect(await codeOf(deleteConversation(as(a, "member"), conv.id))).toBe("forbidden");
    await deleteConversation(as(a, "admin"), conv.id);
    expect(await codeOf(getConversation(as(a, "owner"), conv.id))).toBe("not_found");
    const left = await asService(db, (tx) =>
      tx.selectFrom("messages").select("id").where("conversation_id", "=", conv.id).execute(),
    );
    expect(left).toEqual([]);
  });
});

describe("listMessages", () => {
  it("returns the last N in ascending order and pages back with `before`", async () => {
    const conv = await startConversation(as(a, "member"), { agentId: agentA });
    for (let i = 1; i <= 5; i++) await addMessage(a, conv.id, `m${i}`, i % 2 ? "user" : "assistant");
    const idx = (ms: { index: number }[]) => ms.map((m) => m.index);
    const all = await listMessages(as(a, "viewer"), conv.id);
    expect(idx(all)).toEqual([1, 2, 3, 4, 5]);
    expect(all[1]).toMatchObject({
      conversationId: conv.id,
      role: "assistant",
      parts: [{ type: "text", text: "m2" }],
      status: "complete",
      cost: 0.00125,
      inputTokens: 3,
      outputTokens: 0,
      error: null,
      model: null,
      agentVersion: null,
      latencyTotalMs: null,
    });
    expect(all[1]?.createdAt).toBeInstanceOf(Date);
    expect(idx(await listMessages(as(a, "viewer"), conv.id, { limit: 2 }))).toEqual([4, 5]);
    expect(idx(await listMessages(as(a, "viewer"), conv.id, { before: 4, limit: 2 }))).toEqual([2, 3]);
    expect(idx(await listMessages(as(a, "viewer"), conv.id, { before: 2, limit: 2 }))).toEqual([1]);
    expect(await listMessages(as(a, "viewer"), conv.id, { before: 1 })).toEqual([]);
    expect(await codeOf(listMessages(as(a, "viewer"), conv.id, { limit: 0 }))).toBe("validation_failed");
    const fresh = await getConversation(as(a, "viewer"), conv.id);
    expect(fresh.messageCount).toBe(5);
    expect(fresh.lastMessageAt).toBeInstanceOf(Date);
  });

  it("an unknown conversation is not found, not an empty chat", async () => {
    expect(await codeOf(listMessages(as(a, "viewer"), randomUUID()))).toBe("not_found");
    expect(await codeOf(listMessages(as(a, "viewer"), "x"))).toBe("not_found");
  });
});

describe("another workspace's conversations", () => {
  it("are not found for B, whatever workspace id B claims, and stay unchanged", async () => {
    const conv = await startConversation(as(a, "member"), { agentId: agentA, title: "A only" });
    await addMessage(a, conv.id, "secret");
    for (const scope of [as(b, "owner"), as(b, "owner", a.id)]) {
      expect(await codeOf(getConversation(scope, conv.id))).toBe("not_found");
      expect(await codeOf(listMessages(scope, conv.id))).toBe("not_found");
      expect(await codeOf(renameConversation(scope, conv.id, "B was here"))).toBe("not_found");
      expect(await codeOf(setConversationStatus(scope, conv.id, "closed"))).toBe("not_found");
      expect(await codeOf(setConversationTags(scope, conv.id, ["b"]))).toBe("not_found");
      expect(await codeOf(deleteConversation(scope, conv.id))).toBe("not_found");
    }
    const after = await getConversation(as(a, "viewer"), conv.id);
    expect(after).toMatchObject({ title: "A only", status: "open", tags: [], messageCount: 1 });
  });
});
