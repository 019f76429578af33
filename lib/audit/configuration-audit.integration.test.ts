import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE as deleteAgentV1, PATCH as patchAgentV1 } from "@/app/api/v1/agents/[id]/route";
import { POST as createAgentV1 } from "@/app/api/v1/agents/route";
import { PATCH as patchProductV1 } from "@/app/api/v1/products/[id]/route";
import { createAgent, deleteAgent, updateAgent } from "@/lib/agents";
import { createCart, createProduct, updateProduct } from "@/lib/catalog";
import { deleteConversation, startConversation } from "@/lib/conversations";
import { closeDb } from "@/lib/db/client";
import { runAsService, runAsUser } from "@/lib/db/rls";
import {
  createProviderConnection,
  deleteProviderConnection,
  updateProviderConnection,
} from "@/lib/providers";
import { deletePriceOverride, upsertPrice } from "@/lib/providers/price-table";
import { deleteWorkspace } from "@/lib/workspaces";
import { callV1, makeKey } from "@/test/http/v1-api-kit";
import { seedRouteWorkspace, type TestUser, type TestWorkspace } from "@/test/http/web-api-kit";

// Every change to configuration, credentials and stored conversations leaves
// exactly one audit row, naming the person (and the API key when one was
// used), with no secret in it. The rows come from database triggers, so the
// lib functions and the /api/v1 routes are both just callers here.

const KEY = "sk-audit-plaintext-key-424242";
const NEW_KEY = "sk-audit-rotated-key-777777";

let ws: TestWorkspace;
let apiKey: string;
let apiKeyId: string;

interface AuditRow {
  id: string;
  actor_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  details: Record<string, unknown>;
}

async function lastAuditId(): Promise<string> {
  const row = await runAsService("test:audit-mark", (tx) =>
    tx
      .selectFrom("audit_log")
      .select((eb) => eb.fn.max("id").as("id"))
      .where("workspace_id", "=", ws.id)
      .executeTakeFirst(),
  );
  return String(row?.id ?? 0);
}

/** The rows `action` wrote in this workspace. */
async function auditOf(action: () => Promise<unknown>): Promise<AuditRow[]> {
  const mark = await lastAuditId();
  await action();
  const rows = await runAsService("test:audit-read", (tx) =>
    tx
      .selectFrom("audit_log")
      .select(["id", "actor_id", "action", "target_type", "target_id", "details"])
      .where("workspace_id", "=", ws.id)
      .where("id", ">", mark)
      .orderBy("id")
      .execute(),
  );
  return rows.map((r) => ({ ...r, id: String(r.id), details: r.details as Record<string, unknown> }));
}

/** Exactly one row, by `user`, with the key marked only when one was used. */
function expectOne(rows: AuditRow[], action: string, user: TestUser, viaKey = false): AuditRow {
  expect(rows.map((r) => r.action)).toEqual([action]);
  const row = rows[0] as AuditRow;
  expect(row.actor_id).toBe(user.id);
  expect(row.details.api_key_id).toBe(viaKey ? apiKeyId : undefined);
  return row;
}

const ciphertextOf = (id: string) =>
  runAsService("test:audit-ciphertext", (tx) =>
    tx
      .selectFrom("provider_connections")
      .select("api_key_ciphertext")
      .where("id", "=", id)
      .executeTakeFirstOrThrow(),
  ).then((r) => r.api_key_ciphertext);

beforeAll(async () => {
  process.env.SSRF_ALLOWLIST = "127.0.0.1";
  ws = await seedRouteWorkspace("audit-cfg");
  apiKey = await makeKey(ws.users.admin, ws.id, ["write", "agents", "conversations", "catalog"]);
  const key = await runAsService("test:audit-key-id", (tx) =>
    tx
      .selectFrom("api_keys")
      .select("id")
      .where("workspace_id", "=", ws.id)
      .where("prefix", "=", apiKey.slice(0, 12))
      .executeTakeFirstOrThrow(),
  );
  apiKeyId = key.id;
});

afterAll(closeDb);

describe("agents", () => {
  it("create, update and delete by a person: one row each, with the changed fields", async () => {
    const member = ws.users.member.scope(ws.id);
    let id = "";
    const created = await auditOf(async () => {
      id = (await createAgent(member, { name: "Support bot", type: "support", model: "gpt-4o-mini" })).id;
    });
    expect(expectOne(created, "agent.created", ws.users.member)).toMatchObject({
      target_type: "agent",
      target_id: id,
      details: { name: "Support bot", type: "support", model: "gpt-4o-mini" },
    });

    const updated = await auditOf(() =>
      updateAgent(member, id, { model: "gpt-4o", temperature: 1.5, instructions: "Secret sauce: be kind." }),
    );
    const row = expectOne(updated, "agent.updated", ws.users.member);
    expect(row.details).toMatchObject({
      name: "Support bot",
      changed: ["instructions", "model", "temperature"],
      changes: { model: { from: "gpt-4o-mini", to: "gpt-4o" }, temperature: { from: 0.7, to: 1.5 } },
    });
    // Long free text is named, never copied.
    expect(JSON.stringify(row)).not.toContain("Secret sauce");

    // Saving the same values is not a change.
    expect(await auditOf(() => updateAgent(member, id, { model: "gpt-4o" }))).toEqual([]);

    const deleted = await auditOf(() => deleteAgent(ws.users.admin.scope(ws.id), id));
    expect(expectOne(deleted, "agent.deleted", ws.users.admin).details).toMatchObject({
      name: "Support bot",
    });
  });

  it("create, update and delete through /api/v1 with a key: one row each, marked with the key", async () => {
    let id = "";
    const created = await auditOf(async () => {
      const res = await callV1(createAgentV1, "POST", "/agents", { key: apiKey, body: { name: "API bot" } });
      expect(res.status).toBe(201);
      id = (res.json.agent as { id: string }).id;
    });
    expectOne(created, "agent.created", ws.users.admin, true);

    const updated = await auditOf(async () => {
      const res = await callV1(patchAgentV1, "PATCH", `/agents/${id}`, {
        key: apiKey,
        params: { id },
        body: { name: "API bot 2", maxSteps: 7 },
      });
      expect(res.status).toBe(200);
    });
    expect(expectOne(updated, "agent.updated", ws.users.admin, true).details).toMatchObject({
      name: "API bot 2",
      changed: ["max_steps", "name"],
      changes: { name: { from: "API bot", to: "API bot 2" }, max_steps: { from: 5, to: 7 } },
    });

    const deleted = await auditOf(async () => {
      const res = await callV1(deleteAgentV1, "DELETE", `/agents/${id}`, { key: apiKey, params: { id } });
      expect(res.status).toBe(200);
    });
    expectOne(deleted, "agent.deleted", ws.users.admin, true);
  });

  it("records an endpoint URL without its query, where tokens ride", async () => {
    const member = ws.users.member.scope(ws.id);
    const agent = await createAgent(member, { name: "Hooked" });
    const rows = await auditOf(() =>
      updateAgent(member, agent.id, { externalEndpointUrl: "http://127.0.0.1:9/hook?token=tk-1a2b#frag" }),
    );
    const row = expectOne(rows, "agent.updated", ws.users.member);
    expect(row.details.changes).toEqual({
      external_endpoint_url: { from: null, to: "http://127.0.0.1:9/hook" },
    });
    expect(JSON.stringify(row)).not.toContain("tk-1a2b");
  });
});

describe("the Data API path", () => {
  it("a member's direct UPDATE under RLS is audited too, without credentials from the URL", async () => {
    const member = ws.users.member;
    const agent = await createAgent(member.scope(ws.id), { name: "Direct" });
    const rows = await auditOf(() =>
      runAsUser(member.scope(ws.id).claims, (tx) =>
        sql`update public.agents set external_endpoint_url = 'https://bob:pw-9f8e@hooks.example.test/x?sig=s1g'
            where id = ${agent.id}`.execute(tx),
      ),
    );
    const row = expectOne(rows, "agent.updated", member);
    expect(row.details.changes).toEqual({
      external_endpoint_url: { from: null, to: "https://hooks.example.test/x" },
    });
    expect(JSON.stringify(row)).not.toMatch(/pw-9f8e|s1g/);
  });
});

describe("provider connections", () => {
  it("key and base URL changes are one row each, with neither the key nor its ciphertext", async () => {
    const admin = ws.users.admin.scope(ws.id);
    let id = "";
    const created = await auditOf(async () => {
      id = (
        await createProviderConnection(admin, {
          provider: "openai_compatible",
          name: "Gateway",
          baseUrl: "http://127.0.0.1:9/v1",
          apiKey: KEY,
        })
      ).id;
    });
    // The key written just after the insert is part of the creation, not a second row.
    expect(expectOne(created, "provider_connection.created", ws.users.admin).details).toEqual({
      name: "Gateway",
      provider: "openai_compatible",
      base_url: "http://127.0.0.1:9/v1",
      has_key: true,
    });
    const firstCiphertext = await ciphertextOf(id);

    const rotated = await auditOf(() => updateProviderConnection(admin, id, { apiKey: NEW_KEY }));
    const rotation = expectOne(rotated, "provider_connection.updated", ws.users.admin);
    expect(rotation.details).toMatchObject({ name: "Gateway", changed: ["api_key"], key_changed: true });
    const secondCiphertext = await ciphertextOf(id);

    const moved = await auditOf(() =>
      updateProviderConnection(admin, id, {
        baseUrl: "http://127.0.0.1:10/v1?key=qs-secret-55",
        apiKey: KEY,
      }),
    );
    const move = expectOne(moved, "provider_connection.updated", ws.users.admin);
    expect(move.details).toMatchObject({
      changed: ["base_url", "api_key"],
      changes: { base_url: { from: "http://127.0.0.1:9/v1", to: "http://127.0.0.1:10/v1" } },
      key_changed: true,
    });

    const removed = await auditOf(() => updateProviderConnection(admin, id, { apiKey: null }));
    expect(expectOne(removed, "provider_connection.updated", ws.users.admin).details).toMatchObject({
      changed: ["api_key"],
      key_removed: true,
    });

    const all = JSON.stringify([created, rotated, moved, removed]);
    for (const secret of [KEY, NEW_KEY, firstCiphertext, secondCiphertext, "qs-secret-55"]) {
      expect(secret).toBeTruthy();
      expect(all).not.toContain(secret as string);
    }
  });

  it("deleting a connection is one row, not one more per agent that used it", async () => {
    const admin = ws.users.admin.scope(ws.id);
    const conn = await createProviderConnection(admin, { provider: "openai", name: "Doomed", apiKey: KEY });
    await createAgent(ws.users.member.scope(ws.id), {
      name: "User of doomed",
      providerConnectionId: conn.id,
    });
    const rows = await auditOf(() => deleteProviderConnection(admin, conn.id));
    expect(expectOne(rows, "provider_connection.deleted", ws.users.admin).details).toEqual({
      name: "Doomed",
      provider: "openai",
    });
  });
});

describe("model prices", () => {
  it("setting, changing and removing a workspace price: one row each with old and new values", async () => {
    const admin = ws.users.admin.scope(ws.id);
    const price = { provider: "openai", model: "gpt-4o", inputPerMillion: 3, outputPerMillion: 12 };
    const set = await auditOf(() => upsertPrice(admin, price));
    expect(expectOne(set, "model_price.created", ws.users.admin).details).toMatchObject({
      provider: "openai",
      model: "gpt-4o",
      input_per_million: 3,
      output_per_million: 12,
    });
    const changed = await auditOf(() => upsertPrice(admin, { ...price, outputPerMillion: 14.5 }));
    expect(expectOne(changed, "model_price.updated", ws.users.admin).details).toEqual({
      provider: "openai",
      model: "gpt-4o",
      changes: { output_per_million: { from: 12, to: 14.5 } },
    });
    const gone = await auditOf(() => deletePriceOverride(admin, "openai", "gpt-4o"));
    expectOne(gone, "model_price.deleted", ws.users.admin);
  });
});

describe("products", () => {
  it("an update through /api/v1 is one row with old and new values; stock a cart reserves is not", async () => {
    const member = ws.users.member.scope(ws.id);
    const product = await createProduct(member, { sku: "AUD-1", name: "Mug", price: 9.5, stock: 10 });
    const rows = await auditOf(async () => {
      const res = await callV1(patchProductV1, "PATCH", `/products/${product.id}`, {
        key: apiKey,
        params: { id: product.id },
        body: { price: 11, description: "Big mug" },
      });
      expect(res.status).toBe(200);
    });
    expect(expectOne(rows, "product.updated", ws.users.admin, true).details).toEqual({
      sku: "AUD-1",
      name: "Mug",
      changed: ["description", "price"],
      changes: { price: { from: 9.5, to: 11 } },
      api_key_id: apiKeyId,
    });

    const bySession = await auditOf(() => updateProduct(member, product.id, { stock: 20, active: false }));
    expect(expectOne(bySession, "product.updated", ws.users.member).details).toMatchObject({
      changes: { stock: { from: 10, to: 20 }, active: { from: true, to: false } },
    });

    await updateProduct(member, product.id, { active: true });
    const agent = await createAgent(member, { name: "Shop" });
    const conversation = await startConversation(member, { agentId: agent.id });
    const reserved = await auditOf(() =>
      createCart(member, { conversation_id: conversation.id, product_id: product.id, quantity: 2 }),
    );
    expect(reserved).toEqual([]);
  });
});

describe("conversations", () => {
  it("deleting a conversation is one row by the admin who did it", async () => {
    const agent = await createAgent(ws.users.member.scope(ws.id), { name: "Chatty" });
    const conversation = await startConversation(ws.users.member.scope(ws.id), {
      agentId: agent.id,
      title: "Refund request",
    });
    const rows = await auditOf(() => deleteConversation(ws.users.admin.scope(ws.id), conversation.id));
    expect(expectOne(rows, "conversation.deleted", ws.users.admin)).toMatchObject({
      target_type: "conversation",
      target_id: conversation.id,
      details: { title: "Refund request", messages: 0, agent_id: agent.id, created_by: ws.users.member.id },
    });
  });
});

describe("deleting a whole workspace", () => {
  it("is its one entry: what goes with it cascades without rows of its own", async () => {
    const doomed = await seedRouteWorkspace("audit-doomed");
    const owner = doomed.users.owner.scope(doomed.id);
    const conn = await createProviderConnection(owner, { provider: "openai", name: "P", apiKey: KEY });
    const agent = await createAgent(owner, { name: "A", providerConnectionId: conn.id });
    const conversation = await startConversation(owner, { agentId: agent.id });
    const product = await createProduct(owner, { sku: "D-1", name: "D", price: 1, stock: 3 });
    await createCart(owner, { conversation_id: conversation.id, product_id: product.id, quantity: 1 });
    await upsertPrice(owner, {
      provider: "openai",
      model: "gpt-4o",
      inputPerMillion: 1,
      outputPerMillion: 1,
    });
    const mark = await runAsService("test:audit-doomed-mark", (tx) =>
      tx
        .selectFrom("audit_log")
        .select((eb) => eb.fn.max("id").as("id"))
        .executeTakeFirstOrThrow(),
    );
    await deleteWorkspace({ ...owner, slug: doomed.slug }, doomed.slug);
    const rows = await runAsService("test:audit-doomed", (tx) =>
      tx
        .selectFrom("audit_log")
        .select(["action", "actor_id"])
        .where("workspace_id", "=", doomed.id)
        .where("id", ">", String(mark.id))
        .execute(),
    );
    expect(rows).toEqual([{ action: "workspace.deleted", actor_id: doomed.users.owner.id }]);
  });
});
