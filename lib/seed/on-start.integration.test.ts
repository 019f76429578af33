import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryJar } from "@/test/auth/memory-jar-kit";
import { createLocalAuth } from "../auth/local-adapter";
import { assertSignUpAllowed, signUpAvailability } from "../auth/signup-policy";
import { createDb, type Database } from "../db/client";
import { runAsService } from "../db/rls";
import { startThrowawayDb, type ThrowawayDb } from "../db/throwaway";
import { parseEnv, seedDemoWanted, signUpPolicy } from "../env";
import { DEMO_EMAIL } from "./demo";
import { prepareAccounts } from "./on-start";

// A fresh instance of its own: "no account yet" cannot hold in the database other files share.
let instance: ThrowawayDb;
let db: Database;

const required = { AUTH_SECRET: "x".repeat(32), SECRETS_KEYS: `k:${Buffer.alloc(32, 1).toString("base64")}` };
const production = (extra: Record<string, string> = {}) =>
  parseEnv({ NODE_ENV: "production", ...required, ...extra });
const demoExists = async () =>
  (await runAsService(
    "test:demo",
    (tx) => tx.selectFrom("auth.users").select("id").where("email", "=", DEMO_EMAIL).executeTakeFirst(),
    db,
  )) !== undefined;

beforeAll(async () => {
  instance = await startThrowawayDb();
  db = createDb(instance.url, 2).db;
});
afterAll(async () => {
  await db.destroy();
  await instance.stop();
});

describe("a production start on an empty instance", () => {
  it("does not seed the demo login unless SEED_DEMO says so; development does by default", () => {
    expect(seedDemoWanted(production())).toBe(false);
    expect(seedDemoWanted(production({ SEED_DEMO: "1" }))).toBe(true);
    expect(seedDemoWanted(parseEnv({ NODE_ENV: "development" }))).toBe(true);
    expect(seedDemoWanted(parseEnv({ NODE_ENV: "development", SEED_DEMO: "0" }))).toBe(false);
    expect(signUpPolicy(production())).toBe("invite-only");
    expect(signUpPolicy(parseEnv({ NODE_ENV: "development" }))).toBe("open");
  });

  it("leaves no account behind, lets exactly the first account in under invite-only, then closes", async () => {
    const started = await prepareAccounts(db, { seedDemo: seedDemoWanted(production()) });
    expect(started).toEqual({ demo: false, hasAccounts: false });
    expect(await demoExists()).toBe(false);

    const rules = { policy: "invite-only" as const, allowedDomains: [] };
    expect(await signUpAvailability(rules, { db })).toEqual({ kind: "first-account" });
    await assertSignUpAllowed(rules, { email: "operator@example.com" }, db);
    const auth = createLocalAuth({
      secret: required.AUTH_SECRET,
      appUrl: "http://localhost:3000",
      accessTtlSeconds: 900,
      refreshTtlDays: 1,
      signInLimit: { max: 5, windowSeconds: 60 },
      secureCookies: false,
      db,
    });
    await auth.signUp(new MemoryJar(), { email: "operator@example.com", password: "operator-password" }, {});

    expect(await signUpAvailability(rules, { db })).toEqual({ kind: "closed", policy: "invite-only" });
    await expect(assertSignUpAllowed(rules, { email: "second@example.com" }, db)).rejects.toMatchObject({
      code: "forbidden",
      details: { reason: "signup_closed" },
    });
    expect(await prepareAccounts(db, { seedDemo: false })).toEqual({ demo: false, hasAccounts: true });
  });

  it("seeds the demo when asked (SEED_DEMO=1)", async () => {
    expect(await prepareAccounts(db, { seedDemo: seedDemoWanted(production({ SEED_DEMO: "1" })) })).toEqual({
      demo: true,
      hasAccounts: true,
    });
    expect(await demoExists()).toBe(true);
  });
});
