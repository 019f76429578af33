import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { runAsService, runAsUser } from "@/lib/db/rls";
import { updateProviderConnection } from "@/lib/providers";
import { type OpenAICompatibleFake, startOpenAICompatibleFake } from "@/test/fakes/openai-compatible-fake";
import { call, seedRouteWorkspace, type TestWorkspace } from "../../../../../test/http/web-api-kit";
import { PATCH } from "./[id]/route";
import { POST as testConnection } from "./[id]/test/route";
import { POST } from "./route";

// A stored key is sent to the connection's base URL, so it must not follow a
// new URL unless whoever moves it enters the key again: otherwise an admin
// (or a stolen admin session) could point the connection at their own host,
// press "Test connection" and receive the key. Two fake providers on two
// ports stand for the real host and the attacker's.

const KEY = "sk-base-url-guard-key-8080";

let ws: TestWorkspace;
let home: OpenAICompatibleFake;
let elsewhere: OpenAICompatibleFake;

const base = () => `/api/workspaces/${ws.slug}/providers`;

async function createConnection(name: string, provider = "openai_compatible", baseUrl = home.baseUrl) {
  const res = await call(POST, "POST", base(), {
    user: ws.users.admin,
    params: { slug: ws.slug },
    body: { provider, name, ...(provider === "openai_compatible" ? { baseUrl } : {}), apiKey: KEY },
  });
  expect(res.status).toBe(201);
  return (res.json.connection as { id: string }).id;
}

const patch = (id: string, body: unknown) =>
  call(PATCH, "PATCH", `${base()}/${id}`, { user: ws.users.admin, params: { slug: ws.slug, id }, body });

const runTest = (id: string) =>
  call(testConnection, "POST", `${base()}/${id}/test`, {
    user: ws.users.admin,
    params: { slug: ws.slug, id },
  });

const stored = (id: string) =>
  runAsService("test:provider-row", (tx) =>
    tx
      .selectFrom("provider_connections")
      .select(["base_url", "api_key_ciphertext", "api_key_hint"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow(),
  );

const authHeaders = (fake: OpenAICompatibleFake) => fake.requests.map((r) => r.headers.authorization ?? null);

beforeAll(async () => {
  process.env.SSRF_ALLOWLIST = "127.0.0.1";
  [home, elsewhere] = await Promise.all([startOpenAICompatibleFake(), startOpenAICompatibleFake()]);
  ws = await seedRouteWorkspace("prov-url-key");
});

afterAll(async () => {
  await Promise.all([home.stop(), elsewhere.stop()]);
  await closeDb();
});

describe("changing a provider connection's base URL", () => {
  it("without the key is a 400 naming the key field, changes nothing, and the key never reaches the new host", async () => {
    const id = await createConnection("Guarded");
    const before = await stored(id);

    const refused = await patch(id, { baseUrl: elsewhere.baseUrl });
    expect([refused.status, refused.json.error]).toEqual([
      400,
      {
        code: "validation_failed",
        message: "Enter the API key again to change the base URL.",
        details: [
          {
            path: "apiKey",
            message: "Enter the API key again (or remove it): a saved key is never sent to a new address.",
          },
        ],
      },
    ]);
    // A name change riding along is refused with it: one request, one outcome.
    const withName = await patch(id, { name: "Renamed", baseUrl: elsewhere.baseUrl });
    expect([withName.status, withName.code]).toEqual([400, "validation_failed"]);
    expect(await stored(id)).toEqual(before);

    const tested = await runTest(id);
    expect(tested.json).toMatchObject({ ok: true });
    expect(authHeaders(elsewhere)).toEqual([]);
    expect(authHeaders(home)).toEqual([`Bearer ${KEY}`]);
  });

  it("with the key removed moves it, and the new host sees no key", async () => {
    const id = await createConnection("Keyless move");
    const moved = await patch(id, { baseUrl: elsewhere.baseUrl, apiKey: null });
    expect(moved.status).toBe(200);
    expect(moved.json.connection).toMatchObject({ baseUrl: elsewhere.baseUrl, hasApiKey: false });
    expect(await stored(id)).toEqual({
      base_url: elsewhere.baseUrl,
      api_key_ciphertext: null,
      api_key_hint: null,
    });
    const seen = elsewhere.requests.length;
    expect((await runTest(id)).json).toMatchObject({ ok: true });
    expect(authHeaders(elsewhere).slice(seen)).toEqual([null]);
  });

  it("with a new key moves it, and the new host sees only that key", async () => {
    const id = await createConnection("Rekeyed move");
    const moved = await patch(id, { baseUrl: elsewhere.baseUrl, apiKey: "sk-for-the-new-host-1234" });
    expect([moved.status, (moved.json.connection as { apiKeyHint: string }).apiKeyHint]).toEqual([
      200,
      "••••1234",
    ]);
    const seen = elsewhere.requests.length;
    await runTest(id);
    expect(authHeaders(elsewhere).slice(seen)).toEqual(["Bearer sk-for-the-new-host-1234"]);
  });

  it("keeps the key when the URL is sent unchanged (the edit form always sends it)", async () => {
    const id = await createConnection("Same URL");
    const res = await patch(id, { name: "Same URL, renamed", baseUrl: `${home.baseUrl}/` });
    expect([res.status, (res.json.connection as { hasApiKey: boolean }).hasApiKey]).toEqual([200, true]);
  });

  it("adding a base URL to a vendor connection with a key needs the key too", async () => {
    const id = await createConnection("OpenAI with key", "openai");
    const refused = await patch(id, { baseUrl: elsewhere.baseUrl });
    expect([refused.status, refused.code]).toEqual([400, "validation_failed"]);
    expect((await stored(id)).base_url).toBeNull();
  });

  it("is refused by the database too: an admin's direct UPDATE under RLS", async () => {
    const id = await createConnection("Data API");
    const admin = ws.users.admin.scope(ws.id).claims;
    const direct = await runAsUser(admin, (tx) =>
      sql`update public.provider_connections set base_url = ${elsewhere.baseUrl} where id = ${id}`.execute(
        tx,
      ),
    ).catch((e: { code?: string; hint?: string }) => ({ code: e.code, hint: e.hint }));
    expect(direct).toEqual({ code: "23514", hint: "provider_key_required" });
    expect((await stored(id)).base_url).toBe(home.baseUrl);

    // Clearing the key in the same statement is allowed: nothing secret moves.
    const cleared = await runAsUser(admin, (tx) =>
      sql`update public.provider_connections set base_url = ${elsewhere.baseUrl}, api_key_ciphertext = null,
          api_key_hint = null where id = ${id}`.execute(tx),
    );
    expect(Number(cleared.numAffectedRows)).toBe(1);
  });

  it("a refusal by the database reaches the caller as the same 400, not a 500", async () => {
    const id = await createConnection("Stale hint");
    // A key without its hint: the app's own check cannot see it, the database's does.
    await runAsService("test:provider-hint", (tx) =>
      tx.updateTable("provider_connections").set({ api_key_hint: null }).where("id", "=", id).execute(),
    );
    await expect(
      updateProviderConnection(ws.users.admin.scope(ws.id), id, { baseUrl: elsewhere.baseUrl }),
    ).rejects.toMatchObject({ code: "validation_failed", details: [{ path: "apiKey" }] });
    expect((await stored(id)).base_url).toBe(home.baseUrl);
  });
});
