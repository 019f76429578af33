import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db/client";
import { seedChannelInbox, seedOfflineAgent } from "@/test/channels/channel-kit";
import { openDb, type SeedWorkspace, seedWorkspace, uniq } from "@/test/db/workspace-kit";
import { ensureQueueSchema } from "@/test/flows/triggers-kit";
import { GET, POST } from "./route";

let ws: SeedWorkspace;
let token: string;
let inboxId: string;

beforeAll(async () => {
  await ensureQueueSchema(process.env.DATABASE_URL as string);
  const db = openDb();
  ws = await seedWorkspace(db, "api-channel");
  const agent = await seedOfflineAgent(ws);
  ({ token, inboxId } = await seedChannelInbox(db, ws, { channel: "api", agentId: agent.id }));
  await db.destroy();
});
afterAll(closeDb);

async function post(body: unknown, opts: { token?: string; type?: string } = {}) {
  const t = opts.token ?? token;
  const req = new Request(`http://localhost:3000/api/channels/api/${t}`, {
    method: "POST",
    headers: { "content-type": opts.type ?? "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const res = await POST(req, { params: Promise.resolve({ token: t }) });
  return {
    status: res.status,
    json: (await res.json()) as Record<string, unknown> & { error?: { code: string } },
  };
}

describe("POST /api/channels/api/{token}", () => {
  it("acknowledges with 202 and queues the reply; a repeat is a duplicate", async () => {
    const body = {
      messageId: `m-${uniq()}`,
      conversationRef: "ticket-7",
      text: "Where is my order?",
      contact: { name: "Ana" },
    };
    const first = await post(body);
    expect(first.status).toBe(202);
    expect(first.json).toMatchObject({ duplicate: false, queuedReply: true, handoff: false });
    const again = await post(body);
    expect(again.json).toMatchObject({ duplicate: true, conversationId: first.json.conversationId });
    const conv = await getDb()
      .selectFrom("conversations")
      .select(["inbox_id", "contact_name", "message_count"])
      .where("id", "=", first.json.conversationId as string)
      .executeTakeFirstOrThrow();
    expect(conv).toEqual({ inbox_id: inboxId, contact_name: "Ana", message_count: 1 });
  });

  it("answers bad input with a 4xx and a code, storing nothing", async () => {
    const cases: [unknown, { token?: string; type?: string }, number, string][] = [
      [
        { messageId: "a", conversationRef: "b", text: "c" },
        { token: "nope-not-a-real-token-at-all-000000" },
        404,
        "not_found",
      ],
      [{ messageId: "a", conversationRef: "b", text: "c" }, { token: "../../x" }, 404, "not_found"],
      ["{not json", {}, 400, "invalid_json"],
      [{ messageId: "a", text: "c" }, {}, 400, "validation_failed"],
      [{ messageId: "a", conversationRef: "b", text: "" }, {}, 400, "validation_failed"],
      [{ messageId: "a", conversationRef: "b", text: "c", extra: 1 }, {}, 400, "validation_failed"],
      [
        { messageId: "a", conversationRef: "b", text: "c" },
        { type: "text/plain" },
        415,
        "unsupported_media_type",
      ],
      [{ messageId: "a", conversationRef: "b", text: "x".repeat(70_000) }, {}, 413, "payload_too_large"],
    ];
    for (const [body, opts, status, code] of cases) {
      const r = await post(body, opts);
      expect({ status: r.status, code: r.json.error?.code }).toEqual({ status, code });
    }
    const { n } = await getDb()
      .selectFrom("channel_inbound_events")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("inbox_id", "=", inboxId)
      .where("external_id", "=", "a")
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(0);
    const get = await GET(new Request(`http://localhost:3000/api/channels/api/${token}`));
    expect(get.status).toBe(405);
  });
});
