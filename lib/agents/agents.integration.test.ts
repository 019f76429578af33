import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asService, openDb, type Role, type SeedWorkspace, seedWorkspace } from "../../test/db/workspace-kit";
import { closeDb, type Database } from "../db/client";
import { AppError } from "../errors";
import {
  agentPresets,
  createAgent,
  deleteAgent,
  getAgent,
  getAgentVersion,
  listAgents,
  listAgentVersions,
  updateAgent,
} from ".";

let db: Database;
let a: SeedWorkspace;
let b: SeedWorkspace;
let providerA: string;
let providerB: string;

const as = (ws: SeedWorkspace, role: Role, workspaceId = ws.id) => ({
  claims: ws.users[role].claims,
  workspaceId,
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err.code;
}

async function addProvider(ws: SeedWorkspace): Promise<string> {
  const row = await asService(db, (tx) =>
    tx
      .insertInto("provider_connections")
      .values({ workspace_id: ws.id, provider: "openai_compatible", name: `p-${randomUUID()}` })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
  return row.id;
}

beforeAll(async () => {
  // The endpoint tests below need the real SSRF rules, not a test allowlist.
  delete process.env.SSRF_ALLOWLIST;
  db = openDb();
  a = await seedWorkspace(db, "agents-a");
  b = await seedWorkspace(db, "agents-b");
  providerA = await addProvider(a);
  providerB = await addProvider(b);
});

afterAll(async () => {
  await closeDb();
  await db?.destroy();
});

describe("createAgent", () => {
  it("fills instructions and tools from the type's preset and records version 1", async () => {
    const agent = await createAgent(as(a, "member"), { name: "  Lead qualifier ", type: "sdr" });
    expect(agent).toMatchObject({
      workspaceId: a.id,
      name: "Lead qualifier",
      type: "sdr",
      instructions: agentPresets.sdr.instructions,
      tools: ["tag_conversation", "current_time"],
      model: null,
      providerConnectionId: null,
      temperature: 0.7,
      maxSteps: 5,
      ragEnabled: false,
      ragTopK: 5,
      externalEndpointUrl: null,
      externalTimeoutMs: 30_000,
      version: 1,
    });
    expect(agentPresets.sdr.instructions).toMatch(/discovery questions/);
    const versions = await listAgentVersions(as(a, "viewer"), agent.id);
    expect(versions.map((v) => v.version)).toEqual([1]);
    expect(versions[0]?.config).toMatchObject({ name: "Lead qualifier", type: "sdr", tools: agent.tools });
    expect(versions[0]?.createdBy).toBe(a.users.member.id);
  });

  it("applies each preset, but keeps instructions and tools the caller gave, even empty ones", async () => {
    const copilot = await createAgent(as(a, "member"), { name: "Helper", type: "copilot" });
    expect(copilot.tools).toEqual(["calculator", "current_time", "web_fetch"]);
    const support = await createAgent(as(a, "member"), { name: "Support", type: "support" });
    expect(support.tools).toEqual(["tag_conversation", "web_fetch"]);
    expect(support.instructions).toMatch(/escalate/i);
    const custom = await createAgent(as(a, "member"), { name: "Blank" });
    expect(custom).toMatchObject({ type: "custom", instructions: "", tools: [] });
    const own = await createAgent(as(a, "member"), {
      name: "Own",
      type: "sdr",
      instructions: "Only say hi.",
      tools: ["calculator", "calculator"],
    });
    expect(own).toMatchObject({ instructions: "Only say hi.", tools: ["calculator"] });
    const none = await createAgent(as(a, "member"), { name: "No tools", type: "copilot", tools: [] });
    expect(none.tools).toEqual([]);
  });

  it("rejects unknown tools and out-of-range settings before touching the database", async () => {
    const bad = [
      { name: "x", tools: ["rm_rf"] },
      { name: "x", temperature: 2.5 },
      { name: "x", maxSteps: 0 },
      { name: "x", ragTopK: 51 },
      { name: "x", externalTimeoutMs: 999 },
      { name: "x", externalTimeoutMs: 120_001 },
      { name: "x", externalEndpointUrl: "ftp://example.com/agent" },
      { name: "x", externalEndpointUrl: `https://example.com/${"a".repeat(2048)}` },
      { name: "   " },
      { name: "x", version: 9 },
    ];
    for (const input of bad) {
      expect(await codeOf(createAgent(as(a, "member"), input as never)), JSON.stringify(input)).toBe(
        "validation_failed",
      );
    }
  });

  it("checks the external endpoint against private and metadata addresses at save time", async () => {
    for (const url of ["http://127.0.0.1:8000/sdr", "http://169.254.169.254/latest", "http://10.0.0.5/x"]) {
      expect(await codeOf(createAgent(as(a, "member"), { name: "Ext", externalEndpointUrl: url }))).toBe(
        "bad_request",
      );
    }
    const ok = await createAgent(as(a, "member"), {
      name: "Ext",
      externalEndpointUrl: "https://93.184.215.14/sdr",
      externalTimeoutMs: 1000,
    });
    expect(ok).toMatchObject({ externalEndpointUrl: "https://93.184.215.14/sdr", externalTimeoutMs: 1000 });
    const { id } = ok;
    expect(await codeOf(updateAgent(as(a, "member"), id, { externalEndpointUrl: "http://[::1]/x" }))).toBe(
      "bad_request",
    );
    expect((await getAgent(as(a, "member"), id)).externalEndpointUrl).toBe("https://93.184.215.14/sdr");
  });

  it("accepts the workspace's own provider connection, not another workspace's", async () => {
    const own = await createAgent(as(a, "member"), {
      name: "Hosted",
      providerConnectionId: providerA,
      model: "gpt-x",
    });
    expect(own).toMatchObject({ providerConnectionId: providerA, model: "gpt-x" });
    expect(
      await codeOf(createAgent(as(a, "member"), { name: "Sneaky", providerConnectionId: providerB })),
    ).toBe("validation_failed");
    expect(await codeOf(updateAgent(as(a, "member"), own.id, { providerConnectionId: providerB }))).toBe(
      "validation_failed",
    );
    expect((await getAgent(as(a, "viewer"), own.id)).providerConnectionId).toBe(providerA);
  });

  it("is refused to viewers", async () => {
    expect(await codeOf(createAgent(as(a, "viewer"), { name: "Nope" }))).toBe("forbidden");
  });
});

describe("updateAgent and versions", () => {
  it("a change creates version 2 with a snapshot; an unchanged save does not", async () => {
    const agent = await createAgent(as(a, "member"), { name: "Versioned", type: "copilot" });
    const first = await updateAgent(as(a, "member"), agent.id, { temperature: 0.2, name: "Versioned 2" });
    expect(first).toMatchObject({ version: 2, changed: true });
    expect(first.agent).toMatchObject({ version: 2, temperature: 0.2, name: "Versioned 2", type: "copilot" });
    const same = await updateAgent(as(a, "admin"), agent.id, { temperature: 0.2, name: "Versioned 2" });
    expect(same).toMatchObject({ version: 2, changed: false });
    const versions = await listAgentVersions(as(a, "viewer"), agent.id);
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    const v1 = await getAgentVersion(as(a, "viewer"), agent.id, 1);
    expect(v1.config).toMatchObject({ name: "Versioned", temperature: 0.7 });
    const v2 = await getAgentVersion(as(a, "viewer"), agent.id, 2);
    expect(v2.config).toMatchObject({ name: "Versioned 2", temperature: 0.2, maxSteps: 5 });
    expect(await codeOf(getAgentVersion(as(a, "viewer"), agent.id, 3))).toBe("not_found");
  });

  it("the welcome message is versioned; the database caps it at 500 characters; older snapshots read as ''", async () => {
    const agent = await createAgent(as(a, "member"), { name: "Welcomer", welcomeMessage: "Hello!" });
    const saved = await updateAgent(as(a, "member"), agent.id, { welcomeMessage: "Hi there." });
    expect([saved.version, saved.changed, saved.agent.welcomeMessage]).toEqual([2, true, "Hi there."]);
    expect((await getAgentVersion(as(a, "viewer"), agent.id, 1)).config.welcomeMessage).toBe("Hello!");
    expect((await getAgentVersion(as(a, "viewer"), agent.id, 2)).config.welcomeMessage).toBe("Hi there.");

    // The CHECK holds for writes that skip lib/ (the Data API, the service path).
    const direct = asService(db, (tx) =>
      tx
        .updateTable("agents")
        .set({ welcome_message: "w".repeat(501) })
        .where("id", "=", agent.id)
        .execute(),
    );
    await expect(direct).rejects.toThrow(/agents_welcome_message_length/);

    // A version saved before the column existed has no key: it reads as no message.
    // (Versions are immutable to every API role; the table owner stands in for an old snapshot.)
    await db
      .updateTable("agent_versions")
      .set((eb) => ({ config: eb("config", "-", "welcome_message") }))
      .where("agent_id", "=", agent.id)
      .where("version", "=", 1)
      .execute();
    expect((await getAgentVersion(as(a, "viewer"), agent.id, 1)).config.welcomeMessage).toBe("");
  });

  it("can clear nullable fields and refuses an empty patch", async () => {
    const agent = await createAgent(as(a, "member"), { name: "Clearable", model: "m1", avatar: "🤖" });
    const res = await updateAgent(as(a, "member"), agent.id, { model: null, avatar: null });
    expect(res.agent).toMatchObject({ model: null, avatar: null, version: 2 });
    expect(await codeOf(updateAgent(as(a, "member"), agent.id, {}))).toBe("validation_failed");
  });

  it("viewers cannot update; members cannot delete; admins can", async () => {
    const agent = await createAgent(as(a, "member"), { name: "Guarded" });
    expect(await codeOf(updateAgent(as(a, "viewer"), agent.id, { name: "Hacked" }))).toBe("forbidden");
    expect(await codeOf(deleteAgent(as(a, "member"), agent.id))).toBe("forbidden");
    expect((await getAgent(as(a, "viewer"), agent.id)).name).toBe("Guarded");
    await deleteAgent(as(a, "admin"), agent.id);
    expect(await codeOf(getAgent(as(a, "owner"), agent.id))).toBe("not_found");
    expect(await codeOf(listAgentVersions(as(a, "owner"), agent.id))).toBe("not_found");
    expect(await codeOf(deleteAgent(as(a, "owner"), agent.id))).toBe("not_found");
  });

  it("lists the workspace's agents by name", async () => {
    const names = (await listAgents(as(a, "viewer"))).map((x) => x.name);
    expect(names.length).toBeGreaterThan(3);
    expect(names).toEqual([...names].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
    expect(await listAgents(as(b, "owner"))).toEqual([]);
  });
});

describe("another workspace's agents", () => {
  it("are not found, whether addressed through B's scope or by claiming A's workspace id", async () => {
    const agent = await createAgent(as(a, "member"), { name: "Private to A", type: "sdr" });
    const scopes = [as(b, "owner"), as(b, "owner", a.id)];
    for (const scope of scopes) {
      expect(await codeOf(getAgent(scope, agent.id))).toBe("not_found");
      expect(await codeOf(updateAgent(scope, agent.id, { name: "Owned by B" }))).toBe("not_found");
      expect(await codeOf(deleteAgent(scope, agent.id))).toBe("not_found");
      expect(await codeOf(listAgentVersions(scope, agent.id))).toBe("not_found");
      expect(await codeOf(getAgentVersion(scope, agent.id, 1))).toBe("not_found");
    }
    expect(await listAgents(as(b, "owner", a.id))).toEqual([]);
    // B cannot plant an agent in A either.
    expect(await codeOf(createAgent(as(b, "owner", a.id), { name: "Planted" }))).toBe("forbidden");
    const after = await getAgent(as(a, "viewer"), agent.id);
    expect(after).toMatchObject({ name: "Private to A", version: 1 });
  });

  it("malformed ids are not found rather than database errors", async () => {
    expect(await codeOf(getAgent(as(a, "viewer"), "not-a-uuid"))).toBe("not_found");
    expect(await codeOf(updateAgent(as(a, "member"), "1; drop table agents", { name: "x" }))).toBe(
      "not_found",
    );
    expect(await codeOf(getAgent(as(a, "viewer"), randomUUID()))).toBe("not_found");
  });
});
