import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asService, asUser, openDb, type SeedWorkspace, seedWorkspace } from "../../test/db/workspace-kit";
import type { Database } from "../db/client";
import { closeDb } from "../db/client";
import { usageSummary } from ".";

let db: Database;
let a: SeedWorkspace;
let b: SeedWorkspace;

async function chatIn(
  ws: SeedWorkspace,
  agentName: string,
  replies: { ttft: number; tokens: [number, number]; cost: number; error?: boolean }[],
) {
  const { agentId, conversationId } = await asUser(db, ws.users.member, async (tx) => {
    const agent = await tx
      .insertInto("agents")
      .values({ workspace_id: ws.id, name: agentName, created_by: ws.users.member.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    const inbox = await tx
      .selectFrom("inboxes")
      .select("id")
      .where("workspace_id", "=", ws.id)
      .executeTakeFirstOrThrow();
    const { rows } = await sql<{ id: string }>`
      select id from public.get_or_create_conversation(${ws.id}, ${inbox.id}, ${agent.id}, null, null)`.execute(
      tx,
    );
    return { agentId: agent.id, conversationId: rows[0]?.id as string };
  });
  // As a turn leaves them: the replies' output and usage are written on the service path.
  await asService(db, async (tx) => {
    for (const r of replies) {
      await tx
        .insertInto("messages")
        .values({
          workspace_id: ws.id,
          conversation_id: conversationId,
          role: "user",
          agent_id: agentId,
          parts: "[]",
        })
        .execute();
      await tx
        .insertInto("messages")
        .values({
          workspace_id: ws.id,
          conversation_id: conversationId,
          role: "assistant",
          agent_id: agentId,
          parts: "[]",
          input_tokens: r.tokens[0],
          output_tokens: r.tokens[1],
          cost: String(r.cost),
          latency_first_token_ms: r.ttft,
          latency_total_ms: r.ttft + 100,
          status: r.error ? "error" : "complete",
        })
        .execute();
    }
  });
}

beforeAll(async () => {
  db = openDb();
  a = await seedWorkspace(db, "usage-a");
  b = await seedWorkspace(db, "usage-b");
  await chatIn(a, "Busy", [
    { ttft: 150, tokens: [10, 20], cost: 0.001 },
    { ttft: 150, tokens: [10, 20], cost: 0.001 },
    { ttft: 400, tokens: [5, 5], cost: 0.0005, error: true },
  ]);
  await chatIn(a, "Quiet", [{ ttft: 2500, tokens: [1, 1], cost: 0.0001 }]);
  await chatIn(b, "Other", [{ ttft: 90, tokens: [1000, 1000], cost: 5 }]);
});

afterAll(async () => {
  await db.destroy();
  await closeDb();
});

describe("usage summary (dashboard)", () => {
  it("sums the workspace's usage from usage_daily, per day and per agent, with TTFT quantiles", async () => {
    const s = await usageSummary({ claims: a.users.viewer.claims, workspaceId: a.id }, { days: 7 });
    expect(s.daily).toHaveLength(7);
    expect(s.totals).toMatchObject({ messages: 8, inputTokens: 26, outputTokens: 46, errors: 1 });
    expect(s.totals.cost).toBeCloseTo(0.0026, 6);
    expect(s.totals.errorRate).toBeCloseTo(0.25, 6);
    const today = s.daily.at(-1);
    expect(today).toMatchObject({ messages: 8, assistantMessages: 4, errors: 1 });
    // Buckets: 150 -> <=200, 400 -> <=500, 2500 -> <=3000.
    expect(s.ttft).toEqual({ p50: 200, p95: 3000 });
    expect(s.agents.map((x) => [x.name, x.messages])).toEqual([
      ["Busy", 6],
      ["Quiet", 2],
    ]);
  });

  it("splits the same usage per channel (inbox)", async () => {
    const whatsapp = await asService(db, (tx) =>
      tx
        .insertInto("inboxes")
        .values({ workspace_id: a.id, name: "Store WhatsApp", channel: "whatsapp" })
        .returning("id")
        .executeTakeFirstOrThrow(),
    );
    await asService(db, async (tx) => {
      const conv = await tx
        .insertInto("conversations")
        .values({ workspace_id: a.id, inbox_id: whatsapp.id, external_ref: "+5491100000000" })
        .returning("id")
        .executeTakeFirstOrThrow();
      for (const role of ["user", "assistant"] as const)
        await tx
          .insertInto("messages")
          .values({ workspace_id: a.id, conversation_id: conv.id, role, parts: "[]", cost: "0.002" })
          .execute();
    });
    const s = await usageSummary({ claims: a.users.viewer.claims, workspaceId: a.id }, { days: 7 });
    expect(s.channels.map((c) => [c.channel, c.name, c.messages])).toEqual([
      ["web", "Web chat", 8],
      ["whatsapp", "Store WhatsApp", 2],
    ]);
    expect(s.channels[1]?.cost).toBeCloseTo(0.004, 6);
  });

  it("never counts another workspace's usage", async () => {
    const s = await usageSummary({ claims: a.users.owner.claims, workspaceId: b.id }, { days: 30 });
    expect(s.totals.messages).toBe(0);
    expect(s.agents).toEqual([]);
    expect(s.channels).toEqual([]);
  });
});
