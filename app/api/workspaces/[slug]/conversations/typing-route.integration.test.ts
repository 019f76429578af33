import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { receiveInbound } from "@/lib/channels/inbound";
import { closeDb, getDb } from "@/lib/db/client";
import { closeListener, subscribeTyping } from "@/lib/realtime/listener";
import { seedChannelInbox } from "@/test/channels/channel-kit";
import { uniq } from "@/test/db/workspace-kit";
import { ensureQueueSchema } from "@/test/flows/triggers-kit";
import { call, seedRouteWorkspace, type TestWorkspace } from "@/test/http/web-api-kit";
import { POST as typing } from "./[id]/typing/route";

// "A person is typing": a signal, never stored, that a widget visitor sees (lib/channels/typing.ts).

let a: TestWorkspace;
let b: TestWorkspace;

const signal = (ws: TestWorkspace, id: string, user = ws.users.member) =>
  call(typing, "POST", `/api/workspaces/${ws.slug}/conversations/${id}/typing`, {
    user,
    params: { slug: ws.slug, id },
  });

async function conversationIn(channel: "widget" | "chatwoot") {
  const { inboxId } = await seedChannelInbox(getDb(), a, { channel });
  const r = await receiveInbound(
    {
      inboxId,
      workspaceId: a.id,
      externalMessageId: `m-${uniq()}`,
      externalConversationRef: `c-${uniq()}`,
      contact: {},
      text: "hello",
    },
    getDb(),
  );
  return r.conversationId;
}

beforeAll(async () => {
  await ensureQueueSchema(process.env.DATABASE_URL as string);
  [a, b] = await Promise.all([seedRouteWorkspace("typing-a"), seedRouteWorkspace("typing-b")]);
});
afterAll(async () => {
  await closeListener();
  await closeDb();
});

describe("POST /conversations/{id}/typing", () => {
  it("reaches the widget conversation's listeners, and only theirs", async () => {
    const id = await conversationIn("widget");
    const other = await conversationIn("widget");
    const heard: string[] = [];
    const offs = await Promise.all([id, other].map((c) => subscribeTyping(c, () => heard.push(c))));
    try {
      const res = await signal(a, id);
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ shown: true });
      await expect.poll(() => heard, { timeout: 5000 }).toEqual([id]);
    } finally {
      for (const off of offs) off();
    }
    // Chatwoot shows its own agents' typing: accepted, not shown.
    const cw = await conversationIn("chatwoot");
    expect((await signal(a, cw)).json).toEqual({ shown: false });
  });

  it("members and above only; another workspace's conversation is not found", async () => {
    const id = await conversationIn("widget");
    expect((await signal(a, id, a.users.viewer)).status).toBe(403);
    expect((await signal(a, id, a.users.admin)).status).toBe(200);
    // b's member, with b's slug and a's conversation id: RLS does not find it.
    const cross = await signal(b, id);
    expect(cross.status).toBe(404);
    expect(cross.code).toBe("not_found");
    // An outsider naming a's workspace is not a member of it.
    expect((await signal(a, id, b.users.owner)).status).toBe(404);
    expect((await signal(a, "not-a-uuid")).status).toBe(400);
  });

  it("is rate-limited per member", async () => {
    const id = await conversationIn("widget");
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await signal(a, id, a.users.owner)).status);
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    expect(statuses[60]).toBe(429);
  });
});
