import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asService, asUser, openDb, type SeedWorkspace, seedWorkspace } from "../../test/db/workspace-kit";
import type { Database } from "../db/client";
import { closeDb } from "../db/client";
import { workspaceEventStream } from "./event-stream";
import { type ChangeEvent, closeListener, subscribeWorkspace } from "./listener";

let db: Database;
let a: SeedWorkspace;
let b: SeedWorkspace;

async function conversationIn(ws: SeedWorkspace): Promise<string> {
  return asUser(db, ws.users.member, async (tx) => {
    const inbox = await tx
      .selectFrom("inboxes")
      .select("id")
      .where("workspace_id", "=", ws.id)
      .executeTakeFirstOrThrow();
    const { rows } = await sql<{ id: string }>`
      select id from public.get_or_create_conversation(${ws.id}, ${inbox.id}, null, null, null)`.execute(tx);
    return rows[0]?.id as string;
  });
}

async function addMessage(ws: SeedWorkspace, conversationId: string) {
  await asUser(db, ws.users.member, (tx) =>
    tx
      .insertInto("messages")
      .values({
        workspace_id: ws.id,
        conversation_id: conversationId,
        role: "user",
        parts: JSON.stringify([]),
      })
      .execute(),
  );
}

const waitFor = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
};

beforeAll(async () => {
  db = openDb();
  a = await seedWorkspace(db, "rt-a");
  b = await seedWorkspace(db, "rt-b");
});

afterAll(async () => {
  await closeListener();
  await db.destroy();
  await closeDb();
});

describe("realtime change feed", () => {
  it("delivers a workspace's changes to its subscribers only, as ids", async () => {
    const seen: ChangeEvent[] = [];
    const stop = await subscribeWorkspace(a.id, (e) => seen.push(e));
    const convA = await conversationIn(a);
    const convB = await conversationIn(b);
    await addMessage(b, convB);
    await addMessage(a, convA);
    await waitFor(() => seen.some((e) => e.kind === "message"));
    stop();
    expect(seen.every((e) => e.workspaceId === a.id)).toBe(true);
    expect(seen.some((e) => e.conversationId === convB)).toBe(false);
    const msg = seen.find((e) => e.kind === "message");
    expect(msg).toMatchObject({ op: "insert", conversationId: convA, index: 1 });
    expect(Object.keys(msg ?? {}).sort()).toEqual([
      "conversationId",
      "index",
      "kind",
      "messageId",
      "op",
      "workspaceId",
    ]);
  });

  it("streams server-sent events and ends when the client goes away", async () => {
    const abort = new AbortController();
    const viewer = a.users.viewer;
    const res = await workspaceEventStream(
      {
        session: { user: { id: viewer.id, email: viewer.email }, claims: viewer.claims },
        workspaceId: a.id,
        slug: a.slug,
      },
      abort.signal,
      { heartbeatMs: 25_000, maxPerUser: 10, sessionStatus: async () => "active" },
    );
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = "";
    const conv = await conversationIn(a);
    await addMessage(a, conv);
    while (!text.includes(conv)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    expect(text).toContain("event: ready");
    expect(text).toContain("event: change");
    expect(text).toContain(conv);
    abort.abort();
    // Events already queued may still be read; then the stream must end.
    let ended = false;
    const deadline = Date.now() + 2000;
    while (!ended && Date.now() < deadline) ended = (await reader.read()).done;
    expect(ended).toBe(true);
    await asService(db, (tx) =>
      tx.selectFrom("conversations").select("id").where("id", "=", conv).executeTakeFirstOrThrow(),
    );
  });
});
