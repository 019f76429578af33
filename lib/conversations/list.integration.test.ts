import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asService, openDb, type SeedWorkspace, seedWorkspace } from "../../test/db/workspace-kit";
import { createAgent } from "../agents";
import { closeDb, type Database } from "../db/client";
import { AppError } from "../errors";
import { type ListConversationsQuery, listConversations, startConversation, updateConversation } from ".";

let db: Database;
let ws: SeedWorkspace;
let other: SeedWorkspace;
let bot1: string;
let bot2: string;

interface Seeded {
  id: string;
  /** ISO time of its last message with microseconds, or null when it has none. */
  last: string | null;
}
const seeded: Record<string, Seeded> = {};

const viewer = () => ({ claims: ws.users.viewer.claims, workspaceId: ws.id });

async function codeOf(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err.code;
}

async function seed(
  key: string,
  opts: { agent?: string; title?: string; texts?: string[]; at?: string; status?: "closed"; tags?: string[] },
) {
  const member = { claims: ws.users.member.claims, workspaceId: ws.id };
  const conv = await startConversation(member, { agentId: opts.agent ?? bot1, title: opts.title });
  for (const text of opts.texts ?? []) {
    // Dated rows: on the service path (a member may not choose created_at).
    await asService(db, (tx) =>
      tx
        .insertInto("messages")
        .values({
          workspace_id: ws.id,
          conversation_id: conv.id,
          role: "user",
          parts: JSON.stringify([{ type: "step-start" }, { type: "text", text }]),
          // Microsecond timestamps: a cursor rounded to milliseconds would skip or repeat rows.
          created_at: opts.at ?? "2026-01-01T00:00:00Z",
        })
        .execute(),
    );
  }
  if (opts.status || opts.tags)
    await updateConversation(member, conv.id, { status: opts.status, tags: opts.tags });
  seeded[key] = { id: conv.id, last: opts.texts?.length ? (opts.at ?? null) : null };
}

/** The order the list must have: last message newest first, never-messaged last, ties by id. */
function expectedOrder(keys: string[]): string[] {
  return keys
    .map((k) => seeded[k] as Seeded)
    .sort((x, y) => {
      if (x.last !== y.last) {
        if (x.last === null) return 1;
        if (y.last === null) return -1;
        return x.last < y.last ? 1 : -1;
      }
      return x.id < y.id ? -1 : 1;
    })
    .map((s) => s.id);
}

async function allPages(query: ListConversationsQuery): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await listConversations(viewer(), { ...query, cursor });
    pages++;
    ids.push(...page.conversations.map((c) => c.id));
    cursor = page.nextCursor ?? undefined;
    if (pages > 50) throw new Error("pagination does not end");
  } while (cursor);
  return { ids, pages };
}

beforeAll(async () => {
  db = openDb();
  ws = await seedWorkspace(db, "conv-list");
  other = await seedWorkspace(db, "conv-list-other");
  const member = { claims: ws.users.member.claims, workspaceId: ws.id };
  bot1 = (await createAgent(member, { name: "Bot one" })).id;
  bot2 = (await createAgent(member, { name: "Bot two" })).id;
  await seed("pricing", { texts: ["I want pricing for 100% of seats"], at: "2026-03-05T10:00:00.500000Z" });
  await seed("thousand", { texts: ["We have 1000 seats"], at: "2026-03-04T10:00:00Z", tags: ["vip"] });
  await seed("underscore", { texts: ["hello_world"], at: "2026-03-03T10:00:00Z", agent: bot2 });
  await seed("refund", {
    title: "Refund request",
    texts: ["hi"],
    at: "2026-03-02T10:00:00Z",
    status: "closed",
  });
  await seed("tieA", { texts: ["tie"], at: "2026-03-01T10:00:00.000001Z", agent: bot2, tags: ["vip", "x"] });
  await seed("tieB", { texts: ["tie"], at: "2026-03-01T10:00:00.000001Z" });
  await seed("micro", { texts: ["later by 1µs"], at: "2026-03-01T10:00:00.000002Z", status: "closed" });
  await seed("empty1", { title: "Draft" });
  await seed("empty2", { agent: bot2 });
  await asService(db, (tx) =>
    tx
      .updateTable("conversations")
      .set({ contact_name: "Maria Silva" })
      .where("id", "=", seeded.refund?.id ?? "")
      .execute(),
  );
});

afterAll(async () => {
  await closeDb();
  await db?.destroy();
});

describe("listConversations", () => {
  const all = ["pricing", "thousand", "underscore", "refund", "tieA", "tieB", "micro", "empty1", "empty2"];

  it("orders by last message, newest first, with never-messaged conversations last", async () => {
    const page = await listConversations(viewer(), { limit: 100 });
    expect(page.conversations.map((c) => c.id)).toEqual(expectedOrder(all));
    expect(page.nextCursor).toBeNull();
    expect(page.conversations[0]).toMatchObject({ messageCount: 1, channel: "web", agentId: bot1 });
  });

  it.each([1, 2, 3, 4])("keyset pages of %i cover every row once, in order", async (limit) => {
    const { ids, pages } = await allPages({ limit });
    expect(ids).toEqual(expectedOrder(all));
    expect(pages).toBe(Math.ceil(all.length / limit));
  });

  it("filters by agent, status and tag, and pages within a filter", async () => {
    const ids = async (q: ListConversationsQuery) =>
      (await listConversations(viewer(), { limit: 100, ...q })).conversations.map((c) => c.id);
    expect(await ids({ agentId: bot2 })).toEqual(expectedOrder(["underscore", "tieA", "empty2"]));
    expect(await ids({ status: "closed" })).toEqual(expectedOrder(["refund", "micro"]));
    expect(await ids({ status: "open", agentId: bot1 })).toEqual(
      expectedOrder(["pricing", "thousand", "tieB", "empty1"]),
    );
    expect(await ids({ tag: "vip" })).toEqual(expectedOrder(["thousand", "tieA"]));
    expect(await ids({ tag: "VIP" })).toEqual([]);
    expect((await allPages({ agentId: bot2, limit: 1 })).ids).toEqual(
      expectedOrder(["underscore", "tieA", "empty2"]),
    );
  });

  it("searches titles, contact names and message text, with wildcards taken literally", async () => {
    const ids = async (q: string) =>
      (await listConversations(viewer(), { q, limit: 100 })).conversations.map((c) => c.id).sort();
    const of = (...keys: string[]) => keys.map((k) => seeded[k]?.id).sort();
    expect(await ids("PRICING")).toEqual(of("pricing"));
    expect(await ids("refund")).toEqual(of("refund"));
    expect(await ids("maria")).toEqual(of("refund"));
    expect(await ids("draft")).toEqual(of("empty1"));
    expect(await ids("100%")).toEqual(of("pricing"));
    expect(await ids("o_w")).toEqual(of("underscore"));
    expect(await ids("tie")).toEqual(of("tieA", "tieB"));
    // JSON keys and part types are not message text.
    expect(await ids("type")).toEqual([]);
    expect(await ids("step-start")).toEqual([]);
    expect(await ids("nothing like this")).toEqual([]);
  });

  it("rejects bad cursors and limits as validation errors", async () => {
    for (const q of [
      { cursor: "garbage" },
      { cursor: Buffer.from("123|not-a-uuid").toString("base64url") },
      { cursor: Buffer.from("12.5|00000000-0000-0000-0000-000000000000").toString("base64url") },
      { limit: 0 },
      { limit: 101 },
      { agentId: "bot" },
      { status: "archived" },
    ] as ListConversationsQuery[]) {
      expect(await codeOf(listConversations(viewer(), q)), JSON.stringify(q)).toBe("validation_failed");
    }
  });

  it("shows nothing of this workspace to another workspace's owner", async () => {
    const foreign = { claims: other.users.owner.claims, workspaceId: ws.id };
    expect((await listConversations(foreign, { limit: 100 })).conversations).toEqual([]);
    expect((await listConversations(foreign, { q: "tie" })).conversations).toEqual([]);
  });
});
