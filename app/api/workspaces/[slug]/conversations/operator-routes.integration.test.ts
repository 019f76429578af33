import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgent } from "@/lib/agents";
import { receiveInbound } from "@/lib/channels/inbound";
import { closeDb, getDb } from "@/lib/db/client";
import { seedChannelInbox } from "@/test/channels/channel-kit";
import { installFakeAdapter } from "@/test/channels/fake-adapter";
import { uniq } from "@/test/db/workspace-kit";
import { ensureQueueSchema } from "@/test/flows/triggers-kit";
import { callV1, makeKey } from "@/test/http/v1-api-kit";
import { call, seedRouteWorkspace, type TestWorkspace } from "@/test/http/web-api-kit";
import { POST as v1Reply } from "../../../v1/conversations/[id]/reply/route";
import { POST as retry } from "../deliveries/[id]/retry/route";
import { GET as deliveries } from "./[id]/deliveries/route";
import { POST as handBack } from "./[id]/hand-back/route";
import { POST as read } from "./[id]/read/route";
import { POST as reply } from "./[id]/reply/route";
import { GET as getConversation } from "./[id]/route";
import { POST as takeOver } from "./[id]/take-over/route";
import { GET as listConversations } from "./route";

let a: TestWorkspace;
let b: TestWorkspace;
let inboxId: string;
let restore: () => void;

const url = (id: string, tail = "") => `/api/workspaces/${a.slug}/conversations/${id}${tail}`;
const p = (id: string) => ({ slug: a.slug, id });

async function customerWrites(text = "Hola") {
  const r = await receiveInbound(
    {
      inboxId,
      workspaceId: a.id,
      externalMessageId: `m-${uniq()}`,
      externalConversationRef: `c-${uniq()}`,
      contact: { name: "Ana" },
      text,
    },
    getDb(),
  );
  return r.conversationId;
}
const conv = async (id: string, user = a.users.viewer) =>
  (await call(getConversation, "GET", url(id), { user, params: p(id) })).json.conversation as Record<
    string,
    unknown
  >;

beforeAll(async () => {
  await ensureQueueSchema(process.env.DATABASE_URL as string);
  [a, b] = await Promise.all([seedRouteWorkspace("operator-a"), seedRouteWorkspace("operator-b")]);
  const agent = await createAgent(a.users.admin.scope(a.id), { name: "Bot" });
  restore = installFakeAdapter("chatwoot");
  inboxId = (await seedChannelInbox(getDb(), a, { agentId: agent.id })).inboxId;
});
afterAll(async () => {
  restore();
  await closeDb();
});

describe("operator routes", () => {
  it("the Inbox sees the channel, unread count and who handles; filters by channel and handler", async () => {
    const id = await customerWrites();
    expect(await conv(id)).toMatchObject({
      channel: "chatwoot",
      handledBy: "bot",
      unreadCount: 1,
      assigneeId: null,
      contactName: "Ana",
    });
    const byChannel = await call(
      listConversations,
      "GET",
      `/api/workspaces/${a.slug}/conversations?channel=chatwoot`,
      { user: a.users.viewer, params: { slug: a.slug } },
    );
    expect((byChannel.json.conversations as { id: string }[]).map((c) => c.id)).toContain(id);
    const web = await call(listConversations, "GET", `/api/workspaces/${a.slug}/conversations?channel=web`, {
      user: a.users.viewer,
      params: { slug: a.slug },
    });
    expect((web.json.conversations as { id: string }[]).map((c) => c.id)).not.toContain(id);
    const bad = await call(listConversations, "GET", `/api/workspaces/${a.slug}/conversations?channel=fax`, {
      user: a.users.viewer,
      params: { slug: a.slug },
    });
    expect(bad.status).toBe(400);

    // A viewer opening it changes nothing; a member opening it reads it.
    expect((await call(read, "POST", url(id, "/read"), { user: a.users.viewer, params: p(id) })).status).toBe(
      200,
    );
    expect((await conv(id)).unreadCount).toBe(1);
    await call(read, "POST", url(id, "/read"), { user: a.users.member, params: p(id) });
    expect((await conv(id)).unreadCount).toBe(0);
  });

  it("take over, reply as a human (delivered), hand back", async () => {
    const id = await customerWrites();
    expect(
      (await call(takeOver, "POST", url(id, "/take-over"), { user: a.users.viewer, params: p(id) })).status,
    ).toBe(403);
    expect(
      (await call(takeOver, "POST", url(id, "/take-over"), { user: a.users.member, params: p(id) })).status,
    ).toBe(200);
    expect(await conv(id)).toMatchObject({
      handledBy: "human",
      assigneeId: a.users.member.id,
      handoffReason: "Taken over by a member.",
    });

    const sent = await call(reply, "POST", url(id, "/reply"), {
      user: a.users.member,
      params: p(id),
      body: { text: "Hi, I'm Laura." },
    });
    expect(sent.status).toBe(201);
    expect(sent.json.message).toMatchObject({
      role: "assistant",
      createdBy: a.users.member.id,
      parts: [{ type: "text", text: "Hi, I'm Laura." }],
    });
    const ds = await call(deliveries, "GET", url(id, "/deliveries"), { user: a.users.viewer, params: p(id) });
    expect(
      (ds.json.deliveries as { kind: string; status: string; messageId: string | null }[]).map((d) => [
        d.kind,
        d.status,
        d.messageId,
      ]),
    ).toEqual([
      ["message", "pending", (sent.json.message as { id: string }).id],
      ["handoff", "pending", null],
    ]);
    for (const body of [{}, { text: "  " }, { text: "x".repeat(4001) }, "{bad"]) {
      const r = await call(reply, "POST", url(id, "/reply"), { user: a.users.member, params: p(id), body });
      expect(r.status).toBe(400);
    }

    expect(
      (await call(handBack, "POST", url(id, "/hand-back"), { user: a.users.member, params: p(id) })).status,
    ).toBe(200);
    expect(await conv(id)).toMatchObject({ handledBy: "bot", assigneeId: null });
  });

  it("retry answers 409 unless the delivery failed; another workspace sees 404 everywhere", async () => {
    const id = await customerWrites();
    await call(reply, "POST", url(id, "/reply"), {
      user: a.users.member,
      params: p(id),
      body: { text: "x" },
    });
    const ds = (
      await call(deliveries, "GET", url(id, "/deliveries"), { user: a.users.member, params: p(id) })
    ).json.deliveries as { id: string }[];
    const d = ds[0] as { id: string };
    const rp = { slug: a.slug, id: d.id };
    expect(
      (
        await call(retry, "POST", `/api/workspaces/${a.slug}/deliveries/${d.id}/retry`, {
          user: a.users.member,
          params: rp,
        })
      ).status,
    ).toBe(409);

    const bp = { slug: b.slug, id };
    const burl = `/api/workspaces/${b.slug}/conversations/${id}`;
    for (const [fn, tail] of [
      [takeOver, "/take-over"],
      [handBack, "/hand-back"],
      [read, "/read"],
    ] as const)
      expect((await call(fn, "POST", `${burl}${tail}`, { user: b.users.owner, params: bp })).status).toBe(
        404,
      );
    expect(
      (await call(reply, "POST", `${burl}/reply`, { user: b.users.owner, params: bp, body: { text: "x" } }))
        .status,
    ).toBe(404);
    expect(
      (await call(deliveries, "GET", `${burl}/deliveries`, { user: b.users.owner, params: bp })).status,
    ).toBe(404);
    expect(
      (
        await call(retry, "POST", `/api/workspaces/${b.slug}/deliveries/${d.id}/retry`, {
          user: b.users.owner,
          params: { slug: b.slug, id: d.id },
        })
      ).status,
    ).toBe(404);
  });

  it("/api/v1: a conversations key replies as its creator", async () => {
    const id = await customerWrites();
    const key = await makeKey(a.users.admin, a.id, ["read", "write", "conversations"]);
    const r = await callV1(v1Reply, "POST", `/conversations/${id}/reply`, {
      key,
      params: { id },
      body: { text: "From our helpdesk" },
    });
    expect(r.status).toBe(201);
    expect(r.json.message).toMatchObject({ createdBy: a.users.admin.id });
    const ro = await makeKey(a.users.admin, a.id, ["read", "conversations"]);
    expect(
      (
        await callV1(v1Reply, "POST", `/conversations/${id}/reply`, {
          key: ro,
          params: { id },
          body: { text: "x" },
        })
      ).status,
    ).toBe(403);
  });
});
