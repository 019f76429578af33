import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asService, asUser, openDb, type SeedWorkspace, seedWorkspace } from "../../test/db/workspace-kit";
import type { Database } from "../db/client";
import { closeDb } from "../db/client";
import { workspaceEventStream } from "./event-stream";
import {
  type ChangeEvent,
  closeListener,
  listenerName,
  STOP_CHANNEL,
  subscribeChatStop,
  subscribeWorkspace,
} from "./listener";

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

describe("the process's listener", () => {
  it("LISTENs only on the channels asked for, adding one when a subscriber first needs it", async () => {
    await closeListener();
    // The worker's case: only Stop is waited for; change notifications are not sent to this process.
    const offStop = await subscribeChatStop(randomUUID(), () => {});
    const listening = async () =>
      // The last statement of this process's listener connection (named by its pid): its LISTENs.
      (
        await sql<{ channels: string[] }>`select coalesce(array_agg(c order by c), '{}') as channels from (
          select unnest(regexp_split_to_array(query, ';\\s*')) as q from pg_stat_activity
           where application_name = ${listenerName()}) x,
          lateral (select trim(replace(x.q, 'listen ', '')) as c) y`.execute(db)
      ).rows[0]?.channels;
    expect(await listening()).toEqual([STOP_CHANNEL]);
    // A live-update stream opens later in the same process: it gets changes from then on.
    const seen: ChangeEvent[] = [];
    const off = await subscribeWorkspace(a.id, (e) => seen.push(e));
    const conversationId = await conversationIn(a);
    await addMessage(a, conversationId);
    await waitFor(() => seen.some((e) => e.kind === "message" && e.conversationId === conversationId));
    off();
    offStop();
  });
});
