import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asService, openDb, type SeedWorkspace, seedWorkspace } from "../../test/db/workspace-kit";
import { decryptSecret } from "../crypto/secrets";
import type { Database } from "../db/client";
import { closeDb } from "../db/client";
import { toAppError } from "../errors";
import {
  createProviderConnection,
  deleteProviderConnection,
  getProviderConnection,
  listProviderConnections,
  resolveModel,
  updateProviderConnection,
} from ".";
import { providerKeyAad, secretsKeyring } from "./keyring";

// The compatible connections below point at loopback, which only the allowlist lets through.
process.env.SSRF_ALLOWLIST = "127.0.0.1";

const KEY = "sk-test-connection-key-9876";
const BASE = "http://127.0.0.1:9/v1";

let db: Database;
let a: SeedWorkspace;
let b: SeedWorkspace;
const scope = (ws: SeedWorkspace, role: keyof SeedWorkspace["users"], workspaceId = ws.id) => ({
  claims: ws.users[role].claims,
  workspaceId,
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return toAppError(e).code;
  }
  return "no error";
}

const storedRow = (id: string) =>
  asService(db, (tx) =>
    tx.selectFrom("provider_connections").selectAll().where("id", "=", id).executeTakeFirstOrThrow(),
  );

beforeAll(async () => {
  db = openDb();
  a = await seedWorkspace(db, "prov-a");
  b = await seedWorkspace(db, "prov-b");
});

afterAll(async () => {
  await db.destroy();
  await closeDb();
});

describe("provider connections", () => {
  it("creates and lists connections masked: no key, no ciphertext", async () => {
    const created = await createProviderConnection(scope(a, "admin"), {
      provider: "openai_compatible",
      name: "Local LLM",
      baseUrl: BASE,
      models: ["m1", "m2"],
      apiKey: KEY,
    });
    expect(created).toMatchObject({
      provider: "openai_compatible",
      name: "Local LLM",
      baseUrl: BASE,
      models: ["m1", "m2"],
      apiKeyHint: "••••9876",
      hasApiKey: true,
    });
    const listed = await listProviderConnections(scope(a, "viewer"));
    expect(listed.map((c) => c.id)).toContain(created.id);
    const json = JSON.stringify(listed);
    expect(json).not.toContain(KEY);
    expect(json).not.toContain("ciphertext");
    expect(json).not.toMatch(/v1:test:/);
    expect(Object.keys(listed[0] ?? {}).sort()).toEqual(
      [
        "apiKeyHint",
        "baseUrl",
        "createdAt",
        "hasApiKey",
        "id",
        "models",
        "name",
        "provider",
        "updatedAt",
      ].sort(),
    );
  });

  it("stores a ciphertext that is not the key and decrypts only with its own AAD", async () => {
    const conn = await createProviderConnection(scope(a, "owner"), {
      provider: "openai",
      name: "OpenAI",
      apiKey: KEY,
    });
    const row = await storedRow(conn.id);
    expect(row.api_key_ciphertext).toMatch(/^v1:test:/);
    expect(row.api_key_ciphertext).not.toContain(KEY);
    const ring = secretsKeyring();
    const envelope = row.api_key_ciphertext as string;
    expect(decryptSecret(ring, envelope, providerKeyAad(a.id, conn.id))).toBe(KEY);
    expect(() => decryptSecret(ring, envelope, providerKeyAad(b.id, conn.id))).toThrow(/integrity/);
    expect(() => decryptSecret(ring, envelope, providerKeyAad(a.id, a.id))).toThrow(/integrity/);
  });

  it("lets only admins create, change and delete", async () => {
    const input = { provider: "anthropic" as const, name: "Nope", apiKey: KEY };
    expect(await codeOf(createProviderConnection(scope(a, "member"), input))).toBe("forbidden");
    expect(await codeOf(createProviderConnection(scope(a, "viewer"), input))).toBe("forbidden");
    const conn = await createProviderConnection(scope(a, "admin"), { ...input, name: "Anthropic" });
    expect(await codeOf(updateProviderConnection(scope(a, "member"), conn.id, { name: "x" }))).toBe(
      "forbidden",
    );
    expect(await codeOf(deleteProviderConnection(scope(a, "member"), conn.id))).toBe("forbidden");
    expect((await storedRow(conn.id)).name).toBe("Anthropic");
  });

  it("hides a connection from every user of another workspace", async () => {
    const conn = await createProviderConnection(scope(a, "admin"), {
      provider: "google",
      name: "Gemini A",
      apiKey: KEY,
    });
    const before = await storedRow(conn.id);
    // B's owner, claiming A's workspace id, and B's owner in B with A's connection id.
    for (const ctx of [scope(b, "owner", a.id), scope(b, "owner")]) {
      expect((await listProviderConnections(ctx)).map((c) => c.id)).not.toContain(conn.id);
      expect(await codeOf(getProviderConnection(ctx, conn.id))).toBe("not_found");
      expect(await codeOf(updateProviderConnection(ctx, conn.id, { name: "stolen", apiKey: "sk-b" }))).toBe(
        "not_found",
      );
      expect(await codeOf(deleteProviderConnection(ctx, conn.id))).toBe("not_found");
      expect(await codeOf(resolveModel(ctx, { providerConnectionId: conn.id, model: null }))).toBe(
        "not_found",
      );
    }
    expect(await storedRow(conn.id)).toEqual(before);
  });

  it("updates name, models and key, and removes the key on null", async () => {
    const ctx = scope(a, "admin");
    const conn = await createProviderConnection(ctx, {
      provider: "openai_compatible",
      name: "Edit me",
      baseUrl: BASE,
    });
    expect(conn).toMatchObject({ hasApiKey: false, apiKeyHint: null });
    const renamed = await updateProviderConnection(ctx, conn.id, {
      name: "Edited",
      models: ["x"],
      apiKey: "sk-new-key-0001",
    });
    expect(renamed).toMatchObject({ name: "Edited", models: ["x"], hasApiKey: true, apiKeyHint: "••••0001" });
    const row = await storedRow(conn.id);
    expect(
      decryptSecret(secretsKeyring(), row.api_key_ciphertext as string, providerKeyAad(a.id, conn.id)),
    ).toBe("sk-new-key-0001");
    const cleared = await updateProviderConnection(ctx, conn.id, { apiKey: null });
    expect(cleared).toMatchObject({ hasApiKey: false, apiKeyHint: null });
    expect((await storedRow(conn.id)).api_key_ciphertext).toBeNull();
    expect(await codeOf(updateProviderConnection(ctx, conn.id, { baseUrl: null }))).toBe("validation_failed");
  });

  it("refuses base URLs inside the network and duplicate names", async () => {
    const ctx = scope(a, "admin");
    await expect(
      createProviderConnection(ctx, {
        provider: "openai_compatible",
        name: "Internal",
        baseUrl: "http://10.0.0.5/v1",
      }),
    ).rejects.toMatchObject({ code: "bad_request", message: "Blocked: 10.0.0.5 is a private address." });
    expect((await listProviderConnections(ctx)).map((c) => c.name)).not.toContain("Internal");
    await createProviderConnection(ctx, { provider: "openai", name: "Twin", apiKey: KEY });
    expect(
      await codeOf(createProviderConnection(ctx, { provider: "openai", name: "Twin", apiKey: KEY })),
    ).toBe("conflict");
  });

  it("deletes, and a second delete is not found", async () => {
    const ctx = scope(a, "admin");
    const conn = await createProviderConnection(ctx, {
      provider: "openai",
      name: "Short-lived",
      apiKey: KEY,
    });
    await deleteProviderConnection(ctx, conn.id);
    expect((await listProviderConnections(ctx)).map((c) => c.id)).not.toContain(conn.id);
    expect(await codeOf(deleteProviderConnection(ctx, conn.id))).toBe("not_found");
    expect(await codeOf(getProviderConnection(ctx, "not-a-uuid"))).toBe("not_found");
  });
});
