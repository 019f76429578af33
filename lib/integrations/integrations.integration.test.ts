import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  asService,
  asUser,
  openDb,
  pgCode,
  type SeedWorkspace,
  seedWorkspace,
} from "../../test/db/workspace-kit";
import { startTestMcpServer, type TestMcpServer } from "../../test/fakes/mcp-server-fake";
import { closeDb, type Database } from "../db/client";
import { toAppError } from "../errors";
import {
  createIntegration,
  deleteIntegration,
  getIntegration,
  listIntegrations,
  refreshIntegrationTools,
  updateIntegration,
} from ".";
import { loadIntegrationSecret } from "./secret";

const SECRET = "mcp-bearer-secret-7f3a9c2e41";
let db: Database;
let ws: SeedWorkspace;
let other: SeedWorkspace;
let mcp: TestMcpServer;

const as = (w: SeedWorkspace, role: keyof SeedWorkspace["users"]) => ({
  claims: w.users[role].claims,
  workspaceId: w.id,
});
const fails = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (e) => toAppError(e),
  );
let n = 0;
const uniqueName = (label: string) => `${label} ${++n}`;

beforeAll(async () => {
  db = openDb();
  mcp = await startTestMcpServer();
  [ws, other] = await Promise.all([seedWorkspace(db, "integrations"), seedWorkspace(db, "integrations-b")]);
});

beforeEach(() => {
  process.env.SSRF_ALLOWLIST = "127.0.0.1";
  mcp.setMode("ok");
});

afterAll(async () => {
  await mcp.stop();
  await db.destroy();
  await closeDb();
});

describe("registering an integration", () => {
  it("stores the secret encrypted, caches the tools, and sends the credential to the server", async () => {
    const before = mcp.requests.length;
    const created = await createIntegration(as(ws, "admin"), {
      name: uniqueName("Orders"),
      url: mcp.url,
      authType: "bearer",
      secret: SECRET,
    });
    expect(created).toMatchObject({
      authType: "bearer",
      hasSecret: true,
      secretHint: "••••2e41",
      lastError: null,
    });
    expect(created.tools.map((t) => t.name).sort()).toEqual(["big_report", "flaky_tool", "lookup_order"]);
    const lookup = created.tools.find((t) => t.name === "lookup_order");
    expect(lookup?.description).toBe("Look up an order by its id.");
    expect(lookup?.inputSchema).toMatchObject({
      type: "object",
      properties: { orderId: { type: "string" } },
    });
    expect(created.toolsRefreshedAt).toBeInstanceOf(Date);
    const seen = mcp.requests.slice(before);
    expect(seen.length).toBeGreaterThan(0);
    for (const r of seen) expect(r.headers.authorization).toBe(`Bearer ${SECRET}`);
    // The standalone GET stream is declined client-side: only POSTs (and no DELETE for a stateless server).
    expect(new Set(seen.map((r) => r.method))).toEqual(new Set(["POST"]));
    expect(JSON.stringify(created)).not.toContain(SECRET);

    const stored = await asService(db, (tx) =>
      tx.selectFrom("mcp_integrations").selectAll().where("id", "=", created.id).executeTakeFirstOrThrow(),
    );
    expect(stored.secret_ciphertext).toMatch(/^v1:test:/);
    expect(stored.secret_ciphertext).not.toContain(SECRET);
    expect(await loadIntegrationSecret(ws.id, created.id)).toBe(SECRET);
    // Bound to its row: the same ciphertext copied onto another integration does not decrypt.
    const twin = await createIntegration(
      as(ws, "admin"),
      { name: uniqueName("Twin"), url: mcp.url, authType: "bearer", secret: "other-secret-000" },
      { refresh: false },
    );
    await asService(db, (tx) =>
      tx
        .updateTable("mcp_integrations")
        .set({ secret_ciphertext: stored.secret_ciphertext })
        .where("id", "=", twin.id)
        .execute(),
    );
    expect((await fails(loadIntegrationSecret(ws.id, twin.id))).message).toMatch(/integrity/);
    const denied = await asUser(db, ws.users.owner, (tx) =>
      tx.selectFrom("mcp_integrations").select("secret_ciphertext").execute(),
    ).catch((e) => pgCode(e));
    expect(denied).toBe("42501");
    const audit = await asService(db, (tx) =>
      tx.selectFrom("audit_log").selectAll().where("target_id", "=", created.id).execute(),
    );
    expect(audit.map((a) => a.action).sort()).toEqual(["integration.created", "integration.tools_refreshed"]);
    expect(JSON.stringify(audit)).not.toContain(SECRET);
  });

  it("sends a custom header for header auth", async () => {
    const before = mcp.requests.length;
    const created = await createIntegration(as(ws, "owner"), {
      name: uniqueName("Header"),
      url: mcp.url,
      authType: "header",
      authHeaderName: "X-Api-Key",
      secret: "key-abcdef-123456",
    });
    expect(created.authHeaderName).toBe("X-Api-Key");
    expect(mcp.requests.slice(before).map((r) => r.headers["x-api-key"])).toContain("key-abcdef-123456");
    expect(mcp.requests.slice(before).every((r) => r.headers.authorization === undefined)).toBe(true);
  });

  it("refuses private addresses unless SSRF_ALLOWLIST permits them", async () => {
    delete process.env.SSRF_ALLOWLIST;
    const blocked = await fails(
      createIntegration(as(ws, "admin"), { name: uniqueName("Local"), url: mcp.url }),
    );
    expect([blocked.code, blocked.message]).toEqual([
      "bad_request",
      "Blocked: 127.0.0.1 is a loopback address.",
    ]);
    const meta = await fails(
      createIntegration(as(ws, "admin"), { name: uniqueName("Meta"), url: "http://169.254.169.254/mcp" }),
    );
    expect(meta.message).toBe("Blocked: 169.254.169.254 is a link-local address.");
  });

  it("validates inputs with field details", async () => {
    const bad = await fails(
      createIntegration(as(ws, "admin"), { name: "", url: "ftp://x", authType: "bearer" } as never),
    );
    expect(bad.code).toBe("validation_failed");
    const paths = (bad.details as { path: string }[]).map((d) => d.path).sort();
    expect(paths).toEqual(expect.arrayContaining(["name", "url"]));
    const header = await fails(
      createIntegration(as(ws, "admin"), {
        name: uniqueName("H"),
        url: mcp.url,
        authType: "header",
        authHeaderName: "Host",
        secret: "x\r\ny",
      }),
    );
    expect((header.details as { path: string }[]).map((d) => d.path).sort()).toEqual([
      "authHeaderName",
      "secret",
    ]);
    const name = uniqueName("Dup");
    await createIntegration(as(ws, "admin"), { name, url: mcp.url }, { refresh: false });
    const dup = await fails(createIntegration(as(ws, "admin"), { name, url: mcp.url }, { refresh: false }));
    expect(dup.code).toBe("conflict");
  });

  it("keeps the old tools and stores the reason when a refresh fails", async () => {
    const created = await createIntegration(as(ws, "admin"), { name: uniqueName("Flaky"), url: mcp.url });
    mcp.setMode("fail500");
    const result = await refreshIntegrationTools(as(ws, "admin"), created.id);
    expect(result).toMatchObject({ ok: false, error: "The server answered HTTP 500." });
    expect(result.integration.lastError).toBe("The server answered HTTP 500.");
    expect(result.integration.tools).toHaveLength(3);
    mcp.setMode("ok");
    expect((await refreshIntegrationTools(as(ws, "admin"), created.id)).integration.lastError).toBeNull();
  });
});

describe("who may do what", () => {
  it("members read but cannot manage; viewers and other workspaces see nothing", async () => {
    const created = await createIntegration(as(ws, "admin"), { name: uniqueName("Roles"), url: mcp.url });
    expect((await getIntegration(as(ws, "member"), created.id)).id).toBe(created.id);
    const before = mcp.requests.length;
    expect((await fails(refreshIntegrationTools(as(ws, "member"), created.id))).code).toBe("forbidden");
    expect(mcp.requests.length).toBe(before);
    expect((await fails(updateIntegration(as(ws, "member"), created.id, { name: "x" }))).code).toBe(
      "forbidden",
    );
    expect((await fails(deleteIntegration(as(ws, "member"), created.id))).code).toBe("forbidden");
    const memberCreate = await fails(
      createIntegration(as(ws, "member"), { name: uniqueName("M"), url: mcp.url }),
    );
    expect(memberCreate.code).toBe("forbidden");
    expect((await fails(getIntegration(as(ws, "viewer"), created.id))).code).toBe("not_found");
    expect(await listIntegrations(as(ws, "viewer"))).toEqual([]);
    expect((await fails(getIntegration(as(other, "owner"), created.id))).code).toBe("not_found");
    expect((await fails(deleteIntegration(as(other, "owner"), created.id))).code).toBe("not_found");
  });
});

describe("updating", () => {
  it("asks for the secret again when the server moves, and clears it for auth none", async () => {
    process.env.SSRF_ALLOWLIST = "127.0.0.0/8";
    const ctx = as(ws, "admin");
    const created = await createIntegration(ctx, {
      name: uniqueName("Move"),
      url: mcp.url,
      authType: "bearer",
      secret: SECRET,
    });
    const moved = await fails(updateIntegration(ctx, created.id, { url: "http://127.0.0.2:9/mcp" }));
    expect([moved.code, (moved.details as { path: string }[])[0]?.path]).toEqual([
      "validation_failed",
      "secret",
    ]);
    const samePlace = await updateIntegration(ctx, created.id, {
      url: `${mcp.url}?v=2`,
      name: uniqueName("Moved"),
    });
    expect(samePlace.hasSecret).toBe(true);
    const none = await updateIntegration(ctx, created.id, { authType: "none" });
    expect([none.hasSecret, none.secretHint]).toEqual([false, null]);
    expect(await loadIntegrationSecret(ws.id, created.id)).toBeNull();
    const needs = await fails(updateIntegration(ctx, created.id, { authType: "bearer" }));
    expect(needs.code).toBe("validation_failed");
    const audit = await asService(db, (tx) =>
      tx
        .selectFrom("audit_log")
        .select(["action", "details"])
        .where("target_id", "=", created.id)
        .where("action", "=", "integration.updated")
        .execute(),
    );
    expect(audit.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(audit)).not.toContain(SECRET);
  });
});
