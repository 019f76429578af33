import { randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, jwtVerify, SignJWT } from "jose";
import pg from "pg";

/**
 * A GoTrue (Supabase Auth) stand-in over real HTTP, speaking the wire format of
 * supabase/auth as supabase-js 2.99 calls it: `/auth/v1/*` paths, the `apikey`
 * gateway check, `X-Supabase-Api-Version: 2024-01-01` error bodies
 * (`{ code, message }`, else the legacy `{ code, error_code, msg }`), ES256
 * access tokens published at `/.well-known/jwks.json`, rotating refresh tokens
 * with GoTrue's reuse interval and family revocation. Users live in the real
 * `auth.users` table of the given database, as GoTrue's do, so foreign keys and
 * the profile trigger see them; sessions and refresh tokens live in memory.
 */

import {
  type Body,
  EMAIL_RE,
  type FakeAuthSettings,
  type FakeSupabaseAuth,
  GoTrueError,
  type RecordedRequest,
  type Recovery,
  type RefreshToken,
  type Session,
  type UserRow,
  userJson,
} from "./supabase-auth-fake-model";
import { createRoutes } from "./supabase-auth-fake-routes";

export type { FakeAuthSettings, FakeSupabaseAuth, RecordedRequest } from "./supabase-auth-fake-model";

export async function startFakeSupabaseAuth(opts: {
  databaseUrl: string;
  settings?: Partial<FakeAuthSettings>;
}): Promise<FakeSupabaseAuth> {
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 3 });
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  const kid = randomUUID();
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig", key_ops: ["verify"] };
  const anonKey = `sb_publishable_fake_${randomBytes(12).toString("hex")}`;
  const settings: FakeAuthSettings = {
    accessTokenTtlSeconds: 3600,
    autoconfirm: true,
    minPasswordLength: 6,
    refreshTokenReuseIntervalSeconds: 10,
    emailMaxFrequencySeconds: 60,
    recoveryTokenTtlSeconds: 3600,
    refreshDelayMs: 0,
    ...opts.settings,
  };
  const requests: RecordedRequest[] = [];
  const sessions = new Map<string, Session>();
  const refreshTokens = new Map<string, RefreshToken>();
  const recoveries = new Map<string, Recovery>(); // by token hash
  const lastRecoveryByEmail = new Map<string, Recovery>();
  let failures: { status: number; left: number } | undefined;
  let issuer = "";

  const findUser = async (where: "id" | "email", value: string): Promise<UserRow | undefined> => {
    const column = where === "id" ? "id" : "lower(email)";
    const { rows } = await pool.query<UserRow>(`select * from auth.users where ${column} = $1`, [
      where === "id" ? value : value.toLowerCase(),
    ]);
    return rows[0];
  };

  const dropSessions = (keep: (s: Session) => boolean) => {
    for (const [id, s] of sessions) if (!keep(s)) sessions.delete(id);
    for (const [token, rt] of refreshTokens) if (!sessions.has(rt.sessionId)) refreshTokens.delete(token);
  };

  const newRefreshToken = (sessionId: string): string => {
    const token = randomBytes(9).toString("base64url");
    refreshTokens.set(token, { sessionId, revoked: false });
    return token;
  };

  const tokenResponse = async (user: UserRow, session: Session, refreshToken: string) => {
    const ttl = settings.accessTokenTtlSeconds;
    const iat = Math.floor(Date.now() / 1000);
    const accessToken = await new SignJWT({
      aud: "authenticated",
      email: user.email,
      phone: "",
      app_metadata: user.raw_app_meta_data,
      user_metadata: user.raw_user_meta_data,
      role: "authenticated",
      aal: "aal1",
      amr: [{ method: session.method, timestamp: Math.floor(session.createdAt / 1000) }],
      session_id: session.id,
      is_anonymous: false,
    })
      .setProtectedHeader({ alg: "ES256", kid, typ: "JWT" })
      .setIssuer(issuer)
      .setSubject(user.id)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ttl)
      .sign(privateKey as CryptoKey);
    return {
      access_token: accessToken,
      token_type: "bearer",
      expires_in: ttl,
      expires_at: iat + ttl,
      refresh_token: refreshToken,
      user: userJson(user),
    };
  };

  const startSession = (user: UserRow, method: string) => {
    const session: Session = { id: randomUUID(), userId: user.id, method, createdAt: Date.now() };
    sessions.set(session.id, session);
    return tokenResponse(user, session, newRefreshToken(session.id));
  };

  const authenticate = async (req: http.IncomingMessage) => {
    const header = req.headers.authorization ?? "";
    if (!header.startsWith("Bearer ")) {
      throw new GoTrueError(401, "no_authorization", "This endpoint requires a valid Bearer token");
    }
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(header.slice(7), publicKey, { issuer, audience: "authenticated" }));
    } catch (e) {
      throw new GoTrueError(403, "bad_jwt", `invalid JWT: unable to parse or verify signature, ${String(e)}`);
    }
    const session = sessions.get(String(payload.session_id));
    if (!session) {
      throw new GoTrueError(403, "session_not_found", "Session from session_id claim in JWT does not exist");
    }
    const user = await findUser("id", String(payload.sub));
    if (!user) throw new GoTrueError(403, "user_not_found", "User from sub claim in JWT does not exist");
    return { user, session };
  };

  const checkPassword = (password: unknown): string => {
    if (typeof password !== "string" || password.length < settings.minPasswordLength) {
      throw new GoTrueError(
        422,
        "weak_password",
        `Password should be at least ${settings.minPasswordLength} characters.`,
        { weak_password: { reasons: ["length"] } },
      );
    }
    return password;
  };

  const checkEmail = (email: unknown): string => {
    const normalized = typeof email === "string" ? email.trim().toLowerCase() : "";
    if (!EMAIL_RE.test(normalized)) {
      throw new GoTrueError(400, "validation_failed", "Unable to validate email address: invalid format");
    }
    return normalized;
  };

  const routes = createRoutes({
    pool,
    settings,
    jwk,
    sessions,
    refreshTokens,
    recoveries,
    lastRecoveryByEmail,
    findUser,
    dropSessions,
    newRefreshToken,
    tokenResponse,
    startSession,
    authenticate,
    checkPassword,
    checkEmail,
  });

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    let body: Body = {};
    let badJson = false;
    try {
      body = text ? (JSON.parse(text) as Body) : {};
    } catch {
      badJson = true;
    }
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    requests.push({
      method: req.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      apikey: header("apikey"),
      authorization: header("authorization"),
      apiVersion: header("x-supabase-api-version"),
      body,
    });
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(
        status,
        payload === undefined ? headers : { "content-type": "application/json", ...headers },
      );
      res.end(payload === undefined ? undefined : JSON.stringify(payload));
    };

    if (failures && failures.left > 0) {
      failures.left -= 1;
      return send(failures.status, { message: "An invalid response was received from the upstream server" });
    }
    // The API gateway in front of GoTrue rejects requests without the project's key.
    const apikey = header("apikey");
    if (!apikey) return send(401, { message: "No API key found in request" });
    if (apikey !== anonKey) return send(401, { message: "Invalid API key" });

    const versioned = (header("x-supabase-api-version") ?? "") >= "2024-01-01";
    const versionHeader: Record<string, string> = versioned ? { "x-supabase-api-version": "2024-01-01" } : {};
    const route = url.pathname.startsWith("/auth/v1/")
      ? routes[`${req.method} ${url.pathname.slice(8)}`]
      : undefined;
    try {
      if (badJson) throw new GoTrueError(400, "bad_json", "Could not parse request body as JSON");
      if (!route) throw new GoTrueError(404, "not_found", "Not found");
      const [status, payload] = await route(req, body, url.searchParams);
      send(status, payload, versionHeader);
    } catch (e) {
      const err = e instanceof GoTrueError ? e : new GoTrueError(500, "unexpected_failure", String(e));
      const payload = versioned
        ? { code: err.code, message: err.message, ...err.extra }
        : { code: err.status, error_code: err.code, msg: err.message, ...err.extra };
      send(err.status, payload, { ...versionHeader, "x-sb-error-code": err.code });
    }
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      res.writeHead(500).end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer = `${url}/auth/v1`;

  return {
    url,
    anonKey,
    settings,
    requests,
    lastRecoveryToken: (email) => lastRecoveryByEmail.get(email.trim().toLowerCase())?.tokenHash,
    failNext(status, times = 1) {
      failures = { status, left: times };
    },
    activeSessions: (userId) => [...sessions.values()].filter((s) => s.userId === userId).length,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}
