import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { runAsService } from "@/lib/db/rls";
import { setTrustedProxies } from "@/lib/http/client-ip";
import { fetchFrom, ownLoopbackAddress, startTestServer, type TestServer } from "./http-test-server";
import { POST as signIn } from "./sign-in/route";
import { POST as signUp } from "./sign-up/route";

// Read once by env(); low so the limits are reached in a few requests.
process.env.SIGN_IN_RATE_LIMIT = "3";
process.env.SIGN_UP_RATE_LIMIT = "3";
process.env.SIGNUP_POLICY = "open";

let server: TestServer;
// Every request of this file comes from its own loopback address: the untrusted "socket" client.
const SOCKET = ownLoopbackAddress();
const send = fetchFrom(SOCKET);
const PASSWORD = "victim-password-123";

beforeAll(async () => {
  server = await startTestServer([
    { method: "POST", path: /^\/api\/auth\/sign-in$/, handler: signIn },
    { method: "POST", path: /^\/api\/auth\/sign-up$/, handler: signUp },
  ]);
});
afterEach(() => setTrustedProxies(undefined));
afterAll(async () => {
  await server.stop();
  await closeDb();
});

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return send(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url, ...headers },
    body: JSON.stringify(body),
  });
}

const code = async (res: Response) => ((await res.json()) as { error?: { code: string } }).error?.code;
const email = (label: string) => `${label}-${randomUUID()}@client-address.test`;

async function sessionIp(userId: string): Promise<string | null> {
  const row = await runAsService("test:session-ip", (tx) =>
    tx
      .selectFrom("auth_sessions")
      .select("ip")
      .where("user_id", "=", userId)
      .orderBy("created_at", "desc")
      .executeTakeFirstOrThrow(),
  );
  return row.ip as string | null;
}

describe("client address behind the app server", () => {
  it("ignores X-Forwarded-For from an untrusted socket: rotating spoofed values still hit the sign-up IP limit", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await post(
        "/api/auth/sign-up",
        { email: email("spoof"), password: PASSWORD },
        { "x-forwarded-for": `203.0.113.${i + 1}`, "x-real-ip": `203.0.113.${i + 1}` },
      );
      statuses.push(res.status);
      if (res.status === 429) expect(await code(res)).toBe("rate_limited");
    }
    expect(statuses).toEqual([201, 201, 201, 429]);
  });

  it("records the socket address, not a claimed one, when no proxy is trusted", async () => {
    setTrustedProxies(SOCKET);
    const addr = email("untrusted");
    const created = await post(
      "/api/auth/sign-up",
      { email: addr, password: PASSWORD },
      { "x-forwarded-for": "192.0.2.50" },
    );
    const { user } = (await created.json()) as { user: { id: string } };
    setTrustedProxies(undefined);
    const res = await post(
      "/api/auth/sign-in",
      { email: addr, password: PASSWORD },
      { "x-forwarded-for": "198.51.100.77" },
    );
    expect(res.status).toBe(200);
    expect(await sessionIp(user.id)).toBe(SOCKET);
  });

  it("uses the forwarded address from a configured trusted proxy, not the hops the client wrote before it", async () => {
    setTrustedProxies(SOCKET);
    const addr = email("trusted");
    const created = await post(
      "/api/auth/sign-up",
      { email: addr, password: PASSWORD },
      { "x-forwarded-for": "192.0.2.60" },
    );
    expect(created.status).toBe(201);
    const { user } = (await created.json()) as { user: { id: string } };
    // "10.9.9.9" is the client's own claim; the proxy (trusted, on loopback) appended 198.51.100.8.
    const res = await post(
      "/api/auth/sign-in",
      { email: addr, password: PASSWORD },
      { "x-forwarded-for": "10.9.9.9, 198.51.100.8" },
    );
    expect(res.status).toBe(200);
    expect(await sessionIp(user.id)).toBe("198.51.100.8");
    // Distinct forwarded clients get distinct sign-up buckets (the limit is 3 per address).
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const r = await post(
        "/api/auth/sign-up",
        { email: email("fwd"), password: PASSWORD },
        { "x-forwarded-for": `198.51.100.${100 + i}` },
      );
      statuses.push(r.status);
    }
    expect(statuses).toEqual([201, 201, 201, 201]);
  });

  it("an attacker hammering the victim's email from many addresses cannot stop the victim signing in", async () => {
    setTrustedProxies(SOCKET);
    const victim = email("victim");
    const home = { "x-forwarded-for": "192.0.2.10" };
    expect((await post("/api/auth/sign-up", { email: victim, password: PASSWORD }, home)).status).toBe(201);
    // The victim's browser signed in once before: it holds the known-device cookie.
    const first = await post("/api/auth/sign-in", { email: victim, password: PASSWORD }, home);
    expect(first.status).toBe(200);
    const device = first.headers
      .getSetCookie()
      .map((c) => c.split(";", 1)[0] as string)
      .find((c) => c.startsWith("switchboard-device="));
    expect(device).toBeDefined();

    const attack: number[] = [];
    for (let i = 0; i < 40; i++) {
      const from = { "x-forwarded-for": `198.51.100.${Math.floor(i / 2) + 1}` };
      attack.push((await post("/api/auth/sign-in", { email: victim, password: `wrong-${i}` }, from)).status);
    }
    expect(attack).toContain(429); // the attack itself is limited

    // The victim, from the device they use, still signs in: even after a typo of their own.
    const withDevice = { ...home, cookie: device as string };
    expect((await post("/api/auth/sign-in", { email: victim, password: "typo" }, withDevice)).status).toBe(
      401,
    );
    expect((await post("/api/auth/sign-in", { email: victim, password: PASSWORD }, withDevice)).status).toBe(
      200,
    );
  });

  it("the same address guessing one account is limited per email and address", async () => {
    setTrustedProxies(SOCKET);
    const target = email("target");
    expect(
      (
        await post(
          "/api/auth/sign-up",
          { email: target, password: PASSWORD },
          { "x-forwarded-for": "192.0.2.20" },
        )
      ).status,
    ).toBe(201);
    const from = { "x-forwarded-for": "198.51.100.200" };
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await post("/api/auth/sign-in", { email: target, password: `bad-${i}` }, from)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    // A forged device cookie does not lift any limit.
    const forged = { ...from, cookie: "switchboard-device=AAAA" };
    expect((await post("/api/auth/sign-in", { email: target, password: PASSWORD }, forged)).status).toBe(429);
  });
});
