// Test-only helpers for calling route handlers directly (no server): real
// sessions from the local auth adapter, real Requests, real database.
import { randomUUID } from "node:crypto";
import { createLocalAuth } from "@/lib/auth/local-adapter";
import { type JwtClaims, runAsService } from "@/lib/db/rls";
import { env } from "@/lib/env";
import { createWorkspace, type WorkspaceRole } from "@/lib/workspaces/index";
import { MemoryJar } from "@/test/auth/memory-jar-kit";

export const APP = "http://localhost:3000";

export interface TestUser {
  id: string;
  cookie: string;
  scope: (workspaceId: string) => { claims: JwtClaims; workspaceId: string };
}

export interface TestWorkspace {
  id: string;
  slug: string;
  users: Record<WorkspaceRole, TestUser>;
}

/** Same secret as the app's getAuth(), so the route handlers accept these sessions. */
function auth() {
  const e = env();
  return createLocalAuth({
    secret: e.AUTH_SECRET ?? "",
    appUrl: e.APP_URL,
    accessTtlSeconds: 900,
    refreshTtlDays: 1,
    signInLimit: { max: 100, windowSeconds: 60 },
    secureCookies: false,
  });
}

export async function signUpUser(label: string): Promise<TestUser> {
  const jar = new MemoryJar();
  const adapter = auth();
  const { user } = await adapter.signUp(
    jar,
    { email: `${label}-${randomUUID()}@routes.test`, password: "route-test-password" },
    { ip: "127.0.0.1", userAgent: "vitest" },
  );
  const session = await adapter.getSession(jar);
  if (!session) throw new Error("sign-up left no session");
  const cookie = jar
    .getAll()
    .map((c) => `${c.name}=${encodeURIComponent(c.value)}`)
    .join("; ");
  return { id: user.id, cookie, scope: (workspaceId) => ({ claims: session.claims, workspaceId }) };
}

/** The owner creates it like the app does; the others are added on the service path. */
export async function seedRouteWorkspace(label: string): Promise<TestWorkspace> {
  const users = {} as Record<WorkspaceRole, TestUser>;
  for (const role of ["owner", "admin", "member", "viewer"] as const) users[role] = await signUpUser(label);
  const slug = `${label}-${randomUUID().slice(0, 8)}`;
  const ws = await createWorkspace({ claims: users.owner.scope("").claims }, { name: label, slug });
  await runAsService("test:route-members", (tx) =>
    tx
      .insertInto("workspace_members")
      .values(
        (["admin", "member", "viewer"] as const).map((role) => ({
          workspace_id: ws.id,
          user_id: users[role].id,
          role,
        })),
      )
      .execute(),
  );
  return { id: ws.id, slug: ws.slug, users };
}

type RouteFn = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface CallOptions {
  user?: TestUser;
  params: Record<string, string>;
  /** Sent as JSON; a string is sent as is (for malformed JSON). */
  body?: unknown;
  search?: string;
}

/** Calls a route export the way Next does, with a same-origin request carrying the session cookie. */
export async function call(fn: RouteFn, method: string, path: string, opts: CallOptions) {
  const headers: Record<string, string> = { origin: APP };
  if (opts.user) headers.cookie = opts.user.cookie;
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers["content-type"] = "application/json";
    body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
  }
  const req = new Request(`${APP}${path}${opts.search ? `?${opts.search}` : ""}`, { method, headers, body });
  const res = await fn(req, { params: Promise.resolve(opts.params) });
  const json = (await res.json()) as Record<string, unknown> & { error?: { code: string } };
  return { status: res.status, json, code: json.error?.code, headers: res.headers };
}
