import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as changePassword } from "@/app/api/auth/change-password/route";
import {
  cookieHeader,
  fetchFrom,
  ownLoopbackAddress,
  startTestServer,
  type TestServer,
} from "@/app/api/auth/http-test-server";
import { POST as signIn } from "@/app/api/auth/sign-in/route";
import { POST as signOut } from "@/app/api/auth/sign-out/route";
import { createLocalAuth } from "@/lib/auth/local-adapter";
import { closeDb } from "@/lib/db/client";
import { runAsService } from "@/lib/db/rls";
import { env } from "@/lib/env";
import { closeListener } from "@/lib/realtime/listener";
import { MemoryJar } from "@/test/auth/memory-jar-kit";
import { seedRouteWorkspace, type TestWorkspace } from "@/test/http/web-api-kit";
import { GET as events } from "./route";

// Read once by env(): a one-second heartbeat, and a small cap on streams per user.
process.env.EVENT_STREAM_HEARTBEAT_SECONDS = "1";
process.env.EVENT_STREAMS_PER_USER = "3";

const HEARTBEAT_MS = 1000;
const PASSWORD = "events-password-123";
const send = fetchFrom(ownLoopbackAddress());
let server: TestServer;
let ws: TestWorkspace;

/** A member of `ws` with a known password (the route kit's users keep theirs to themselves). */
async function newMember(role: "member" | "viewer" | "admin") {
  const email = `events-${role}-${randomUUID()}@events.test`;
  const auth = createLocalAuth({
    secret: env().AUTH_SECRET ?? "",
    appUrl: env().APP_URL,
    accessTtlSeconds: 900,
    refreshTtlDays: 1,
    signInLimit: { max: 100, windowSeconds: 60 },
    secureCookies: false,
  });
  const { user } = await auth.signUp(new MemoryJar(), { email, password: PASSWORD }, {});
  await runAsService("test:events-member", (tx) =>
    tx.insertInto("workspace_members").values({ workspace_id: ws.id, user_id: user.id, role }).execute(),
  );
  return { email, password: PASSWORD };
}

beforeAll(async () => {
  server = await startTestServer([
    { method: "GET", path: /^\/api\/workspaces\/(?<slug>[^/]+)\/events$/, handler: events },
    { method: "POST", path: /^\/api\/auth\/sign-in$/, handler: signIn },
    { method: "POST", path: /^\/api\/auth\/sign-out$/, handler: signOut },
    { method: "POST", path: /^\/api\/auth\/change-password$/, handler: changePassword },
  ]);
  ws = await seedRouteWorkspace("events");
});
afterAll(async () => {
  await server.stop();
  await closeListener();
  await closeDb();
});

const post = (path: string, cookie: string, body: unknown = {}) =>
  send(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url, cookie },
    body: JSON.stringify(body),
  });

interface OpenStream {
  res: Response;
  /** Resolves with everything read once the server ends the stream (or rejects after `ms`). */
  ended(ms: number): Promise<{ text: string; at: number }>;
  cancel(): Promise<void>;
}

async function openStream(cookie: string): Promise<OpenStream> {
  const res = await send(`${server.url}/api/workspaces/${ws.slug}/events`, { headers: { cookie } });
  const reader = res.body?.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const reading = (async () => {
    if (!reader) return { text, at: Date.now() };
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) return { text, at: Date.now() };
      text += decoder.decode(value);
    }
  })();
  return {
    res,
    ended: (ms) =>
      Promise.race([
        reading,
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`stream still open after ${ms} ms:\n${text}`)), ms),
        ),
      ]),
    cancel: async () => {
      await reader?.cancel().catch(() => undefined);
    },
  };
}

async function signInAgain(email: string, password: string): Promise<string> {
  const res = await post("/api/auth/sign-in", "", { email, password });
  expect(res.status).toBe(200);
  return cookieHeader(res);
}

describe("workspace event stream", () => {
  it("ends within one heartbeat of signing out, with a closed event", async () => {
    const user = await newMember("member");
    const cookie = await signInAgain(user.email, user.password);
    const stream = await openStream(cookie);
    expect(stream.res.status).toBe(200);
    const ready = Date.now();
    expect((await post("/api/auth/sign-out", cookie)).status).toBe(200);
    const signedOut = Date.now();
    const { text, at } = await stream.ended(3 * HEARTBEAT_MS);
    expect(text).toContain("event: ready");
    expect(text).toContain('event: closed\ndata: {"reason":"session"}');
    expect(at - signedOut).toBeLessThanOrEqual(HEARTBEAT_MS + 500);
    expect(at - ready).toBeGreaterThan(0);
  });

  it("ends another session's stream within one heartbeat of a password change, and keeps the changer's own", async () => {
    const user = await newMember("viewer");
    const other = await signInAgain(user.email, user.password);
    const mine = await signInAgain(user.email, user.password);
    const otherStream = await openStream(other);
    const myStream = await openStream(mine);
    const res = await post("/api/auth/change-password", mine, {
      currentPassword: user.password,
      newPassword: "a-new-password-456",
    });
    expect(res.status).toBe(200);
    const changed = Date.now();
    const { text, at } = await otherStream.ended(3 * HEARTBEAT_MS);
    expect(text).toContain('"reason":"session"');
    expect(at - changed).toBeLessThanOrEqual(HEARTBEAT_MS + 500);
    // The session that changed the password is still signed in: its stream goes on pinging.
    await expect(myStream.ended(2.5 * HEARTBEAT_MS)).rejects.toThrow(/still open[\s\S]*event: ping/);
    await myStream.cancel();
  });

  it("refuses a user's stream beyond the per-user cap with 429 too_many_streams, and frees the slot on close", async () => {
    const cookie = ws.users.admin.cookie;
    const open = [await openStream(cookie), await openStream(cookie), await openStream(cookie)];
    expect(open.map((s) => s.res.status)).toEqual([200, 200, 200]);
    const refused = await send(`${server.url}/api/workspaces/${ws.slug}/events`, { headers: { cookie } });
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({
      error: { code: "rate_limited", details: { reason: "too_many_streams", limit: 3 } },
    });
    // Another user is not affected by this one's streams.
    const owner = await openStream(ws.users.owner.cookie);
    expect(owner.res.status).toBe(200);
    await owner.cancel();
    await open[0]?.cancel();
    // The server notices the client left and gives the slot back.
    const deadline = Date.now() + 3000;
    let status = 0;
    while (Date.now() < deadline) {
      const again = await openStream(cookie);
      status = again.res.status;
      if (status === 200) {
        await again.cancel();
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
    for (const s of open.slice(1)) await s.cancel();
  });
});
