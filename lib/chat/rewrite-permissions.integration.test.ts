import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runChatTurn } from "../../test/chat/chat-turn-kit";
import {
  asService,
  asUser,
  conversationMessages,
  createUser,
  openDb,
  type SeedUser,
  type SeedWorkspace,
  seedWorkspace,
} from "../../test/db/workspace-kit";
import { createAgent } from "../agents";
import type { Database } from "../db/client";
import { closeDb } from "../db/client";
import { toAppError } from "../errors";
import type { ChatRequest } from "./schema";

// Edit and regenerate drop the tail of a conversation, so they are for the
// person who started it and for admins (deleting one needs an admin); any
// member may still add to it. Each truncation leaves one audit row.

let db: Database;
let ws: SeedWorkspace;
let other: SeedUser;
let agentId: string;

const scopeOf = (user: SeedUser) => ({ claims: user.claims, workspaceId: ws.id });

function turn(user: SeedUser, req: Partial<ChatRequest>) {
  return runChatTurn(scopeOf(user), { agentId, trigger: "submit", ...req } as ChatRequest, {
    workspaceSlug: ws.slug,
  });
}

async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    const app = toAppError(e);
    return { status: app.status, code: app.code, message: app.message };
  }
  return "no error";
}

const texts = async (conversationId: string) =>
  (await conversationMessages(db, conversationId)).map((m) => [
    m.message_index,
    m.role,
    (m.parts as { type: string; text?: string }[]).map((p) => p.text ?? "").join(""),
  ]);

const truncations = (conversationId: string) =>
  asService(db, (tx) =>
    tx
      .selectFrom("audit_log")
      .select(["actor_id", "action", "details"])
      .where("workspace_id", "=", ws.id)
      .where("target_id", "=", conversationId)
      .orderBy("id")
      .execute(),
  );

/** A conversation of two exchanges started by `owner`. */
async function conversationBy(owner: SeedUser): Promise<string> {
  const { conversationId } = await turn(owner, { text: "first question" });
  await turn(owner, { conversationId, text: "second question" });
  return conversationId;
}

beforeAll(async () => {
  // The offline model answers only when no instance-wide provider key is configured.
  for (const k of ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GOOGLE_GENERATIVE_AI_API_KEY"])
    delete process.env[k];
  delete process.env.OPENAI_COMPATIBLE_BASE_URL;
  db = openDb();
  ws = await seedWorkspace(db, "rewrite");
  other = await createUser(db, "rewrite-other-member");
  await asService(db, (tx) =>
    tx
      .insertInto("workspace_members")
      .values({ workspace_id: ws.id, user_id: other.id, role: "member" })
      .execute(),
  );
  agentId = (await createAgent(scopeOf(ws.users.member), { name: "Offline" })).id;
});

afterAll(async () => {
  await db.destroy();
  await closeDb();
});

describe("who may edit or regenerate a conversation", () => {
  it("another member cannot edit or regenerate it: 403, nothing removed, nothing audited", async () => {
    const conversationId = await conversationBy(ws.users.member);
    const before = await texts(conversationId);
    expect(before).toHaveLength(4);

    const forbidden = {
      status: 403,
      code: "forbidden",
      message:
        "Only the person who started this conversation, or an admin, can edit or regenerate its messages.",
    };
    expect(
      await refusal(turn(other, { conversationId, trigger: "edit", editIndex: 1, text: "wiped" })),
    ).toEqual(forbidden);
    expect(await refusal(turn(other, { conversationId, trigger: "regenerate" }))).toEqual(forbidden);
    expect(await texts(conversationId)).toEqual(before);
    expect(await truncations(conversationId)).toEqual([]);

    // The function itself, called as that member under RLS (as the Data API would).
    const direct = await asUser(db, other, (tx) =>
      sql`select public.truncate_conversation(${conversationId}::uuid, 1)`.execute(tx),
    ).catch((e: { code?: string; hint?: string }) => ({ code: e.code, hint: e.hint }));
    expect(direct).toEqual({ code: "42501", hint: "conversation_rewrite_forbidden" });
    expect(await texts(conversationId)).toEqual(before);

    // Adding to it is still every member's right.
    await turn(other, { conversationId, text: "a follow-up" });
    expect(await texts(conversationId)).toHaveLength(6);
  });

  it("the member who started it can edit it; the truncation is audited once, as them", async () => {
    const conversationId = await conversationBy(ws.users.member);
    await turn(ws.users.member, { conversationId, trigger: "edit", editIndex: 3, text: "second, edited" });
    expect((await texts(conversationId)).map((m) => m.slice(0, 2))).toEqual([
      [1, "user"],
      [2, "assistant"],
      [3, "user"],
      [4, "assistant"],
    ]);
    expect((await texts(conversationId))[2]?.[2]).toBe("second, edited");
    expect(await truncations(conversationId)).toEqual([
      {
        actor_id: ws.users.member.id,
        action: "conversation.truncated",
        details: { title: "first question", from_index: 3, removed: 2 },
      },
    ]);
  });

  it("an admin can regenerate anyone's conversation; audited once, as the admin", async () => {
    const conversationId = await conversationBy(ws.users.member);
    await turn(ws.users.admin, { conversationId, trigger: "regenerate" });
    expect(await texts(conversationId)).toHaveLength(4);
    expect(await truncations(conversationId)).toEqual([
      {
        actor_id: ws.users.admin.id,
        action: "conversation.truncated",
        details: { title: "first question", from_index: 4, removed: 1 },
      },
    ]);
  });

  it("a viewer still gets not found, as before", async () => {
    const conversationId = await conversationBy(ws.users.member);
    const direct = await asUser(db, ws.users.viewer, (tx) =>
      sql`select public.truncate_conversation(${conversationId}::uuid, 1)`.execute(tx),
    ).catch((e: { code?: string }) => ({ code: e.code }));
    expect(direct).toEqual({ code: "P0002" });
  });
});
