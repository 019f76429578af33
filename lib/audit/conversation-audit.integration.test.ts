import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PATCH as patchConversationV1 } from "@/app/api/v1/conversations/[id]/route";
import { createAgent } from "@/lib/agents";
import { startConversation, updateConversation } from "@/lib/conversations";
import { closeDb } from "@/lib/db/client";
import { runAsService } from "@/lib/db/rls";
import { runChatTurn } from "@/test/chat/chat-turn-kit";
import { callV1, makeKey } from "@/test/http/v1-api-kit";
import { seedRouteWorkspace, type TestUser, type TestWorkspace } from "@/test/http/web-api-kit";

// A conversation's title, status and tags are audited like every other change
// to stored conversations (20261204000700_audit_configuration.sql): one row per
// change, by the person (and the API key when one was used), with what changed
// and never a message's text. The bookkeeping the chat does by itself (counting
// messages, naming a new conversation after its first exchange) is no one's change.

let ws: TestWorkspace;
let agentId: string;
let apiKey: string;
let apiKeyId: string;

interface AuditRow {
  actor_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  details: Record<string, unknown>;
}

/** The rows `action` wrote in this workspace. */
async function auditOf(action: () => Promise<unknown>): Promise<AuditRow[]> {
  const read = (after: string) =>
    runAsService("test:conversation-audit", (tx) =>
      tx
        .selectFrom("audit_log")
        .select(["id", "actor_id", "action", "target_type", "target_id", "details"])
        .where("workspace_id", "=", ws.id)
        .where("id", ">", after)
        .orderBy("id")
        .execute(),
    );
  const mark = (await read("0")).at(-1)?.id ?? "0";
  await action();
  return (await read(String(mark))).map(({ id: _, ...r }) => ({
    ...r,
    details: r.details as Record<string, unknown>,
  }));
}

function expectOne(rows: AuditRow[], user: TestUser, conversationId: string): AuditRow["details"] {
  expect(rows.map((r) => [r.action, r.actor_id, r.target_type, r.target_id])).toEqual([
    ["conversation.updated", user.id, "conversation", conversationId],
  ]);
  return (rows[0] as AuditRow).details;
}

const scope = (user: TestUser) => user.scope(ws.id);

beforeAll(async () => {
  ws = await seedRouteWorkspace("audit-conv");
  agentId = (await createAgent(scope(ws.users.member), { name: "Helper" })).id;
  apiKey = await makeKey(ws.users.admin, ws.id, ["write", "conversations"]);
  apiKeyId = await runAsService("test:conversation-audit-key", (tx) =>
    tx
      .selectFrom("api_keys")
      .select("id")
      .where("workspace_id", "=", ws.id)
      .where("prefix", "=", apiKey.slice(0, 12))
      .executeTakeFirstOrThrow()
      .then((r) => r.id),
  );
});

afterAll(closeDb);

describe("conversation updates are audited", () => {
  it("a rename is one row by the member, with the old and new title", async () => {
    const conv = await startConversation(scope(ws.users.member), { agentId, title: "Refund" });
    const rows = await auditOf(() =>
      updateConversation(scope(ws.users.member), conv.id, { title: "Refund for order 7" }),
    );
    expect(expectOne(rows, ws.users.member, conv.id)).toEqual({
      title: "Refund for order 7",
      changed: ["title"],
      changes: { title: { from: "Refund", to: "Refund for order 7" } },
    });
  });

  it("status and tags in one update are one row naming both", async () => {
    const conv = await startConversation(scope(ws.users.member), { agentId, title: "Lead" });
    const rows = await auditOf(() =>
      updateConversation(scope(ws.users.admin), conv.id, { status: "closed", tags: ["vip", "lead"] }),
    );
    expect(expectOne(rows, ws.users.admin, conv.id)).toEqual({
      title: "Lead",
      changed: ["status", "tags"],
      changes: { status: { from: "open", to: "closed" }, tags: { from: [], to: ["vip", "lead"] } },
    });
  });

  it("a priority change is one row with the old and new priority", async () => {
    const conv = await startConversation(scope(ws.users.member), { agentId, title: "Escalation" });
    const rows = await auditOf(() =>
      updateConversation(scope(ws.users.member), conv.id, { priority: "urgent" }),
    );
    expect(expectOne(rows, ws.users.member, conv.id)).toEqual({
      title: "Escalation",
      changed: ["priority"],
      changes: { priority: { from: "normal", to: "urgent" } },
    });
  });

  it("through /api/v1 the row names the key", async () => {
    const conv = await startConversation(scope(ws.users.member), { agentId, title: "Via key" });
    const rows = await auditOf(async () => {
      const res = await callV1(patchConversationV1, "PATCH", `/conversations/${conv.id}`, {
        key: apiKey,
        params: { id: conv.id },
        body: { status: "closed" },
      });
      expect(res.status).toBe(200);
    });
    expect(expectOne(rows, ws.users.admin, conv.id)).toEqual({
      title: "Via key",
      changed: ["status"],
      changes: { status: { from: "open", to: "closed" } },
      api_key_id: apiKeyId,
    });
  });

  it("an update that changes nothing leaves no row", async () => {
    const conv = await startConversation(scope(ws.users.member), { agentId, title: "Same" });
    await updateConversation(scope(ws.users.member), conv.id, { tags: ["a"] });
    const rows = await auditOf(() =>
      updateConversation(scope(ws.users.member), conv.id, { title: "Same", status: "open", tags: ["a"] }),
    );
    expect(rows).toEqual([]);
  });

  it("a chat turn (messages counted, the new conversation named after them) leaves no row", async () => {
    const text = `first message ${Date.now()}`;
    const rows = await auditOf(async () => {
      const turn = await runChatTurn(
        scope(ws.users.member),
        { agentId, trigger: "submit", text },
        { workspaceSlug: ws.slug },
      );
      expect(turn.res.status).toBe(200);
      const [conv] = await runAsService("test:conversation-audit-title", (tx) =>
        tx.selectFrom("conversations").select("title").where("id", "=", turn.conversationId).execute(),
      );
      expect(conv?.title).toBeTruthy(); // it was named
    });
    expect(rows).toEqual([]);
  });
});
