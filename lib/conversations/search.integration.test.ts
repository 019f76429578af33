import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedChat } from "@/test/db/chat-kit";
import { asService, openDb, seedWorkspace, uniq } from "@/test/db/workspace-kit";
import type { Database } from "../db/client";
import type { WorkspaceScope } from "../workspaces";
import { searchMessages } from "./search";

let db: Database;
let ctx: WorkspaceScope;
let other: WorkspaceScope;
let conversationId: string;
const word = `quokka${uniq()}`;

/** Dated messages with any parts: the service path's to insert (members insert text only, undated). */
async function say(parts: unknown[], daysAgo = 0) {
  return asService(db, (tx) =>
    tx
      .insertInto("messages")
      .values({
        workspace_id: ctx.workspaceId,
        conversation_id: conversationId,
        role: "user",
        parts: JSON.stringify(parts),
        created_at: new Date(Date.now() - daysAgo * 86_400_000),
      })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
}

beforeAll(async () => {
  db = openDb();
  const seeded = await seedChat(db, await seedWorkspace(db, "search"));
  // A viewer: searching needs read access only.
  ctx = { claims: seeded.users.viewer.claims, workspaceId: seeded.id };
  conversationId = seeded.chat.conversationId;
  const b = await seedChat(db, await seedWorkspace(db, "search-other"));
  other = { claims: b.users.owner.claims, workspaceId: b.id };
  await say([{ type: "text", text: `first ${word} here` }]);
  await say([
    { type: "step-start" },
    { type: "text", text: "part one" },
    { type: "text", text: `${word} again` },
  ]);
  await say([{ type: "tool-web_fetch", toolCallId: "t1", state: "output-available", input: { url: word } }]);
  await say([{ type: "text", text: `old ${word}` }], 200);
  await say([{ type: "text", text: "100% sure_thing" }]);
});

afterAll(async () => {
  await db?.destroy();
});

describe("searchMessages", () => {
  it("matches text parts case-insensitively, newest first, within the window", async () => {
    const hits = await searchMessages(ctx, { query: word.toUpperCase() });
    expect(hits.map((h) => h.text)).toEqual([`part one\n${word} again`, `first ${word} here`]);
    expect(hits.every((h) => h.conversationId === conversationId && h.role === "user")).toBe(true);
  });

  it("reaches older messages only with a wider window, and stops at the limit", async () => {
    expect(await searchMessages(ctx, { query: word, days: 366 })).toHaveLength(3);
    expect(await searchMessages(ctx, { query: word, days: 366, limit: 1 })).toHaveLength(1);
  });

  it("treats % and _ as literal characters", async () => {
    expect((await searchMessages(ctx, { query: "0% s" })).map((h) => h.text)).toEqual(["100% sure_thing"]);
    expect(await searchMessages(ctx, { query: "sure%thing" })).toEqual([]);
    expect(await searchMessages(ctx, { query: "e_t" })).toHaveLength(1);
    expect(await searchMessages(ctx, { query: "r_t" })).toEqual([]);
  });

  it("finds nothing of another workspace", async () => {
    expect(await searchMessages(other, { query: word, days: 366 })).toEqual([]);
    // Another member's claims naming this workspace: RLS returns nothing.
    expect(await searchMessages({ ...other, workspaceId: ctx.workspaceId }, { query: word })).toEqual([]);
  });

  it("refuses an empty query", async () => {
    await expect(searchMessages(ctx, { query: "  " })).rejects.toMatchObject({ code: "validation_failed" });
  });
});
