import http from "node:http";
import type { AddressInfo } from "node:net";
import { generateText } from "ai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { asService, asUser, openDb, type SeedWorkspace, seedWorkspace } from "../../test/db/workspace-kit";
import type { Database } from "../db/client";
import { closeDb } from "../db/client";
import {
  createProviderConnection,
  listAvailableModels,
  priceFor,
  resolveModel,
  testProviderConnection,
  updateProviderConnection,
} from ".";

const KEY = "sk-test-resolve-key-4242";
const INSTANCE_KEY = "sk-instance-compat-key-77";

interface Seen {
  method: string;
  path: string;
  authorization?: string;
  body: Record<string, unknown>;
}

/** A tiny OpenAI-compatible server: GET /v1/models and non-streaming POST /v1/chat/completions. */
async function startFake() {
  const seen: Seen[] = [];
  const server = http.createServer(async (req, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const entry: Seen = {
      method: req.method ?? "",
      path: req.url ?? "",
      authorization: req.headers.authorization,
      body: raw ? JSON.parse(raw) : {},
    };
    seen.push(entry);
    const send = (status: number, body: unknown) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    const validKeys = [`Bearer ${KEY}`, `Bearer ${INSTANCE_KEY}`];
    if (!validKeys.includes(entry.authorization ?? "")) {
      // Like some vendors, echo the key back: the app must never pass this on.
      return send(401, {
        error: { message: `Incorrect API key provided: ${entry.authorization?.slice(7)}` },
      });
    }
    if (entry.method === "GET" && entry.path === "/v1/models") {
      return send(200, { object: "list", data: [{ id: "fake-model", object: "model" }] });
    }
    if (entry.method === "POST" && entry.path === "/v1/chat/completions") {
      return send(200, {
        id: "chatcmpl-1",
        object: "chat.completion",
        created: Math.floor(Date.now() / 1000),
        model: entry.body.model,
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: "Hello from the fake." },
            finish_reason: "stop",
          },
        ],
        usage: { prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 },
      });
    }
    send(404, { error: { message: "no such route" } });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    seen,
    baseUrl: `http://127.0.0.1:${port}/v1`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let db: Database;
let ws: SeedWorkspace;
let other: SeedWorkspace;
let fake: Awaited<ReturnType<typeof startFake>>;
const admin = () => ({ claims: ws.users.admin.claims, workspaceId: ws.id });
const viewer = () => ({ claims: ws.users.viewer.claims, workspaceId: ws.id });

beforeAll(async () => {
  fake = await startFake();
  // env() is read (and cached) on first use, which is after this point in this file.
  process.env.OPENAI_COMPATIBLE_BASE_URL = fake.baseUrl;
  process.env.OPENAI_COMPATIBLE_API_KEY = INSTANCE_KEY;
  process.env.OPENAI_COMPATIBLE_MODELS = "fake-model, other-model";
  for (const k of ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GOOGLE_GENERATIVE_AI_API_KEY"])
    delete process.env[k];
  db = openDb();
  ws = await seedWorkspace(db, "resolve");
  other = await seedWorkspace(db, "resolve-other");
});

beforeEach(() => {
  process.env.SSRF_ALLOWLIST = "127.0.0.1";
});

afterAll(async () => {
  await fake.stop();
  await db.destroy();
  await closeDb();
});

async function compatConnection(name: string, apiKey = KEY, models = ["fake-model"]) {
  return createProviderConnection(admin(), {
    provider: "openai_compatible",
    name,
    baseUrl: fake.baseUrl,
    models,
    apiKey,
  });
}

const connectionVersion = (id: string) =>
  asService(db, (tx) =>
    tx
      .selectFrom("provider_connections")
      .select((e) => e.cast<string>("updated_at", "text").as("v"))
      .where("id", "=", id)
      .executeTakeFirstOrThrow()
      .then((r) => r.v),
  );

describe("resolveModel", () => {
  it("reuses a client only while the connection is unchanged: a new key is used at once", async () => {
    const conn = await compatConnection("Cached", "sk-wrong-key-1");
    const call = async () => {
      const version = await connectionVersion(conn.id);
      const resolved = await resolveModel(
        viewer(),
        { providerConnectionId: conn.id, model: null },
        { connectionVersion: version },
      );
      await generateText({ model: resolved.model, prompt: "hi", maxRetries: 0 }).catch(() => undefined);
      return fake.seen.at(-1)?.authorization;
    };
    expect(await call()).toBe("Bearer sk-wrong-key-1");
    expect(await call()).toBe("Bearer sk-wrong-key-1");
    await updateProviderConnection(admin(), conn.id, { apiKey: KEY });
    expect(await call()).toBe(`Bearer ${KEY}`);
    // Built once per version and requested model, and only for that model.
    const version = await connectionVersion(conn.id);
    const pick = (model: string) =>
      resolveModel(viewer(), { providerConnectionId: conn.id, model }, { connectionVersion: version });
    const [m1, again, m2] = [await pick("m-1"), await pick("m-1"), await pick("m-2")];
    expect(again.model).toBe(m1.model);
    expect([m1.modelId, m2.modelId]).toEqual(["m-1", "m-2"]);
    expect(m2.model).not.toBe(m1.model);
    // A version the caller did not read (another workspace's scope) never hits the cache.
    await expect(
      resolveModel(
        { claims: other.users.owner.claims, workspaceId: other.id },
        { providerConnectionId: conn.id, model: null },
        { connectionVersion: await connectionVersion(conn.id) },
      ),
    ).rejects.toMatchObject({ code: "not_found" });
  });

  it("builds a working model from a workspace connection and sends the decrypted key", async () => {
    const conn = await compatConnection("Fake");
    const resolved = await resolveModel(viewer(), { providerConnectionId: conn.id, model: null });
    expect(resolved).toMatchObject({
      provider: "openai_compatible",
      modelId: "fake-model",
      offline: false,
      label: "Fake · fake-model",
    });
    const result = await generateText({ model: resolved.model, prompt: "Say hi", maxRetries: 0 });
    expect(result.text).toBe("Hello from the fake.");
    expect(result.usage).toMatchObject({ inputTokens: 5, outputTokens: 4 });
    const call = fake.seen.at(-1);
    expect(call).toMatchObject({
      method: "POST",
      path: "/v1/chat/completions",
      authorization: `Bearer ${KEY}`,
    });
    expect(call?.body.model).toBe("fake-model");
  });

  it("uses the agent's model id and re-checks the base URL on every call", async () => {
    const conn = await compatConnection("Fake 2");
    const resolved = await resolveModel(viewer(), { providerConnectionId: conn.id, model: "llama3:8b" });
    expect(resolved.modelId).toBe("llama3:8b");
    process.env.SSRF_ALLOWLIST = "";
    await expect(generateText({ model: resolved.model, prompt: "x", maxRetries: 0 })).rejects.toThrow(
      "Blocked: 127.0.0.1 is a loopback address.",
    );
  });

  it("uses the instance's provider from the environment for provider:model", async () => {
    const resolved = await resolveModel(viewer(), {
      providerConnectionId: null,
      model: "openai_compatible:fake-model",
    });
    expect(resolved).toMatchObject({ provider: "openai_compatible", modelId: "fake-model", offline: false });
    // Operator-configured URL: not subject to the workspace SSRF allowlist.
    process.env.SSRF_ALLOWLIST = "";
    const result = await generateText({ model: resolved.model, prompt: "hi", maxRetries: 0 });
    expect(result.text).toBe("Hello from the fake.");
    expect(fake.seen.at(-1)?.authorization).toBe(`Bearer ${INSTANCE_KEY}`);
  });

  it("explains a provider whose instance key is not configured, and bad references", async () => {
    await expect(
      resolveModel(viewer(), { providerConnectionId: null, model: "openai:gpt-4o-mini" }),
    ).rejects.toMatchObject({
      code: "bad_request",
      message: expect.stringContaining("no OpenAI API key is configured on this server"),
    });
    await expect(
      resolveModel(viewer(), { providerConnectionId: null, model: "gpt-4o" }),
    ).rejects.toMatchObject({
      code: "bad_request",
    });
  });

  it("falls back to the offline model when nothing is chosen", async () => {
    const resolved = await resolveModel(viewer(), { providerConnectionId: null, model: null });
    expect(resolved).toMatchObject({
      provider: "offline",
      modelId: "offline-demo",
      offline: true,
      label: "Offline demo model",
    });
    const result = await generateText({ model: resolved.model, prompt: "ping" });
    expect(result.text).toContain('You said: "ping"');
  });
});

describe("testProviderConnection", () => {
  it("is ok when the endpoint lists models with the stored key", async () => {
    const conn = await compatConnection("Testable");
    const result = await testProviderConnection(admin(), conn.id);
    expect(result).toEqual({ ok: true, latencyMs: expect.any(Number) });
    expect(fake.seen.at(-1)).toMatchObject({
      method: "GET",
      path: "/v1/models",
      authorization: `Bearer ${KEY}`,
    });
  });

  it("reports failures without the key", async () => {
    const wrong = "sk-wrong-key-abcdef0123";
    const conn = await compatConnection("Wrong key", wrong);
    const result = await testProviderConnection(admin(), conn.id);
    expect(result.ok).toBe(false);
    expect(result.error).toContain("401");
    expect(JSON.stringify(result)).not.toContain(wrong);
    expect(JSON.stringify(result)).not.toContain("abcdef0123");

    const vendor = await createProviderConnection(admin(), {
      provider: "anthropic",
      name: "Anthropic via fake",
      baseUrl: fake.baseUrl,
      apiKey: wrong,
    });
    const failed = await testProviderConnection(admin(), vendor.id);
    expect(failed).toMatchObject({ ok: false, error: "The provider answered 401: Unauthorized" });
    expect(JSON.stringify(failed)).not.toContain(wrong);
  });
});

describe("listAvailableModels", () => {
  it("lists instance models, this workspace's connections, then the offline model", async () => {
    const conn = await compatConnection("Listed", KEY, ["a-model", "b-model"]);
    const foreign = await createProviderConnection(
      { claims: other.users.admin.claims, workspaceId: other.id },
      { provider: "openai", name: "Foreign", apiKey: KEY },
    );
    const models = await listAvailableModels(viewer());
    expect(models.filter((m) => m.source === "instance").map((m) => m.id)).toEqual([
      "openai_compatible:fake-model",
      "openai_compatible:other-model",
    ]);
    expect(models).toContainEqual(
      expect.objectContaining({ id: `${conn.id}:b-model`, providerConnectionId: conn.id, model: "b-model" }),
    );
    expect(models.some((m) => m.providerConnectionId === foreign.id)).toBe(false);
    expect(models.at(-1)).toMatchObject({ id: "offline", providerConnectionId: null, model: null });
    expect(JSON.stringify(models)).not.toContain(KEY);
  });
});

describe("priceFor", () => {
  it("prefers the workspace's price over the default, ignores other workspaces, and defaults to zero", async () => {
    expect(await priceFor(viewer(), "openai", "gpt-4o-mini")).toMatchObject({
      inputPerMillion: 0.15,
      outputPerMillion: 0.6,
      source: "default",
    });
    await asUser(db, other.users.admin, (tx) =>
      tx
        .insertInto("model_prices")
        .values({
          workspace_id: other.id,
          provider: "openai",
          model: "gpt-4o-mini",
          input_per_million: 9,
          output_per_million: 9,
        })
        .execute(),
    );
    // A user in both workspaces must still get this workspace's price.
    await asService(db, (tx) =>
      tx
        .insertInto("workspace_members")
        .values({ workspace_id: other.id, user_id: ws.users.viewer.id, role: "viewer" })
        .execute(),
    );
    expect((await priceFor(viewer(), "openai", "gpt-4o-mini")).source).toBe("default");
    await asUser(db, ws.users.admin, (tx) =>
      tx
        .insertInto("model_prices")
        .values({
          workspace_id: ws.id,
          provider: "openai",
          model: "gpt-4o-mini",
          input_per_million: 1,
          output_per_million: 2,
        })
        .execute(),
    );
    expect(await priceFor(viewer(), "openai", "gpt-4o-mini")).toMatchObject({
      inputPerMillion: 1,
      outputPerMillion: 2,
      source: "workspace",
    });
    expect(await priceFor(viewer(), "openai_compatible", "unpriced")).toMatchObject({
      inputPerMillion: 0,
      outputPerMillion: 0,
      source: "none",
    });
  });
});
