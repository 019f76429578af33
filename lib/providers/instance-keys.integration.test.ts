import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type SeedWorkspace, seedWorkspace } from "@/test/db/workspace-kit";
import type { Database } from "../db/client";
import { closeDb } from "../db/client";
import { rereadEnv } from "../env";
import { listAvailableModels } from "./available-models";
import { resolveModel } from "./resolve";

// INSTANCE_KEYS_WORKSPACES: only the listed workspaces may spend the operator's environment keys.
// env() is read and cached on first use, and seeding the workspaces already reads it (the
// user statement timeout): the operator's keys are set before anything runs.
process.env.OPENAI_COMPATIBLE_BASE_URL = "http://127.0.0.1:9/v1";
process.env.OPENAI_COMPATIBLE_API_KEY = "sk-operator-key";
process.env.OPENAI_COMPATIBLE_MODELS = "operator-model";
for (const k of ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GOOGLE_GENERATIVE_AI_API_KEY"])
  delete process.env[k];
let db: Database;
let allowed: SeedWorkspace;
let denied: SeedWorkspace;
const scope = (ws: SeedWorkspace) => ({ claims: ws.users.member.claims, workspaceId: ws.id });
const instanceModel = { providerConnectionId: null, model: "openai_compatible:operator-model" };

beforeAll(async () => {
  db = openDb();
  allowed = await seedWorkspace(db, "keys-allowed");
  denied = await seedWorkspace(db, "keys-denied");
  process.env.INSTANCE_KEYS_WORKSPACES = ` ${allowed.id.toUpperCase()} `;
  rereadEnv(); // seeding already read (and cached) the settings
});

afterAll(() => {
  delete process.env.INSTANCE_KEYS_WORKSPACES;
  rereadEnv();
});

afterAll(async () => {
  await db.destroy();
  await closeDb();
});

describe("instance keys per workspace", () => {
  it("resolves an environment model for a listed workspace only; others get a 400 pointing to providers", async () => {
    expect(await resolveModel(scope(allowed), instanceModel)).toMatchObject({
      provider: "openai_compatible",
      modelId: "operator-model",
      offline: false,
    });
    await expect(resolveModel(scope(denied), instanceModel)).rejects.toMatchObject({
      code: "bad_request",
      message: expect.stringContaining("Add a provider connection in Settings → Providers"),
    });
    // The offline model needs no key: still available to everyone.
    expect(await resolveModel(scope(denied), { providerConnectionId: null, model: null })).toMatchObject({
      offline: true,
    });
  });

  it("lists the environment's models only to a listed workspace; others see the offline model", async () => {
    const mine = await listAvailableModels(scope(allowed));
    expect(mine.map((m) => m.id)).toEqual(["openai_compatible:operator-model", "offline"]);
    const theirs = await listAvailableModels(scope(denied));
    expect(theirs.map((m) => m.source)).toEqual(["offline"]);
    expect(JSON.stringify([mine, theirs])).not.toContain("sk-operator-key");
  });
});
