import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertSignUpAllowed } from "@/lib/auth/signup-policy";
import { hashToken, randomToken } from "@/lib/auth/tokens";
import { closeDb } from "@/lib/db/client";
import { runAsService } from "@/lib/db/rls";
import { AppError } from "@/lib/errors";
import { seedRouteWorkspace, type TestWorkspace } from "@/test/http/web-api-kit";
import { fetchFrom, ownLoopbackAddress, startTestServer, type TestServer } from "../http-test-server";
import { POST as signUp } from "./route";

// Read once by env(): this instance is invite-only.
process.env.SIGNUP_POLICY = "invite-only";

let server: TestServer;
let ws: TestWorkspace;
const send = fetchFrom(ownLoopbackAddress());
const email = (label: string) => `${label}-${randomUUID()}@policy.test`;

async function invite(address: string, opts: { expired?: boolean } = {}): Promise<string> {
  const token = randomToken();
  await runAsService("test:invite", (tx) =>
    tx
      .insertInto("invitations")
      .values({
        workspace_id: ws.id,
        email: address,
        role: "member",
        token_hash: hashToken(token),
        ...(opts.expired ? { expires_at: new Date(Date.now() - 1000) } : {}),
      })
      .execute(),
  );
  return token;
}

const signUpWith = (body: Record<string, unknown>) =>
  send(`${server.url}/api/auth/sign-up`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url },
    body: JSON.stringify({ password: "policy-password-1", ...body }),
  });

beforeAll(async () => {
  // Accounts exist (the workspace's members): this is not the first account of the instance.
  ws = await seedRouteWorkspace("policy");
  server = await startTestServer([{ method: "POST", path: /^\/api\/auth\/sign-up$/, handler: signUp }]);
});
afterAll(async () => {
  await server.stop();
  await closeDb();
});

describe("sign-up policy (invite-only) at the sign-up route", () => {
  it("refuses an uninvited address with 403 signup_closed and creates nothing", async () => {
    const address = email("stranger");
    const res = await signUpWith({ email: address });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({
      error: { code: "forbidden", details: { reason: "signup_closed" } },
    });
    const user = await runAsService("test:policy", (tx) =>
      tx.selectFrom("auth.users").select("id").where("email", "=", address).executeTakeFirst(),
    );
    expect(user).toBeUndefined();
  });

  it("lets the invited address in with its invitation's token, in any letter case", async () => {
    const address = email("invited");
    const token = await invite(address);
    const res = await signUpWith({ email: address.toUpperCase(), inviteToken: token });
    expect(res.status).toBe(201);
  });

  it("refuses another address with someone's invitation, an expired invitation, and a made-up token", async () => {
    const token = await invite(email("someone"));
    expect((await signUpWith({ email: email("thief"), inviteToken: token })).status).toBe(403);
    const stale = email("stale");
    expect(
      (await signUpWith({ email: stale, inviteToken: await invite(stale, { expired: true }) })).status,
    ).toBe(403);
    expect((await signUpWith({ email: email("guess"), inviteToken: randomToken() })).status).toBe(403);
    // An invitation alone, without its token, does not open sign-up for that address.
    const pending = email("pending");
    await invite(pending);
    expect((await signUpWith({ email: pending })).status).toBe(403);
  });

  it("rejects a malformed token as a validation error, not a 500", async () => {
    const res = await signUpWith({ email: email("bad"), inviteToken: "short" });
    expect(res.status).toBe(400);
  });
});

describe("assertSignUpAllowed (domains)", () => {
  const rules = { policy: "domains" as const, allowedDomains: ["example.com"] };
  const outcome = (p: Promise<void>) =>
    p.then(
      () => "allowed",
      (e: unknown) =>
        e instanceof AppError ? `${e.code}:${(e.details as { reason: string }).reason}` : "error",
    );

  it("allows addresses at the listed domains only (not subdomains or look-alikes), and invited addresses", async () => {
    expect(await outcome(assertSignUpAllowed(rules, { email: "ada@example.com" }))).toBe("allowed");
    expect(await outcome(assertSignUpAllowed(rules, { email: "ada@EXAMPLE.com" }))).toBe("allowed");
    expect(await outcome(assertSignUpAllowed(rules, { email: "ada@evil-example.com" }))).toBe(
      "forbidden:signup_closed",
    );
    expect(await outcome(assertSignUpAllowed(rules, { email: "ada@sub.example.com" }))).toBe(
      "forbidden:signup_closed",
    );
    expect(await outcome(assertSignUpAllowed(rules, { email: "ada@example.com.evil.org" }))).toBe(
      "forbidden:signup_closed",
    );
    const guest = email("guest");
    expect(
      await outcome(assertSignUpAllowed(rules, { email: guest, inviteToken: await invite(guest) })),
    ).toBe("allowed");
  });
});
