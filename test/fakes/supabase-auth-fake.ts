import { createHash, randomBytes, randomUUID, scrypt, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
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

const scryptAsync = promisify(scrypt) as (pw: string, salt: Buffer, len: number) => Promise<Buffer>;

export interface FakeAuthSettings {
  accessTokenTtlSeconds: number;
  /** GoTrue's MAILER_AUTOCONFIRM: sign-up returns a session instead of waiting for the email link. */
  autoconfirm: boolean;
  minPasswordLength: number;
  /** GOTRUE_SECURITY_REFRESH_TOKEN_REUSE_INTERVAL: a just-rotated token still works this long. */
  refreshTokenReuseIntervalSeconds: number;
  /** GOTRUE_SMTP_MAX_FREQUENCY: one recovery email per address per this many seconds. */
  emailMaxFrequencySeconds: number;
  recoveryTokenTtlSeconds: number;
  /** Extra latency on refresh-token grants, to expose races with other calls. */
  refreshDelayMs: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  apikey: string | undefined;
  authorization: string | undefined;
  apiVersion: string | undefined;
  body: unknown;
}

export interface FakeSupabaseAuth {
  url: string;
  anonKey: string;
  /** Mutable: tests change behaviour mid-run (short-lived tokens, no autoconfirm, ...). */
  settings: FakeAuthSettings;
  requests: RecordedRequest[];
  /** The `{{ .TokenHash }}` of the last recovery email sent to this address. */
  lastRecoveryToken(email: string): string | undefined;
  /** The next `times` requests get this status from the "gateway", as during an outage. */
  failNext(status: number, times?: number): void;
  activeSessions(userId: string): number;
  stop(): Promise<void>;
}

interface UserRow {
  id: string;
  email: string;
  encrypted_password: string | null;
  email_confirmed_at: Date | null;
  raw_user_meta_data: Record<string, unknown>;
  raw_app_meta_data: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}
interface Session {
  id: string;
  userId: string;
  method: string;
  createdAt: number;
}
interface RefreshToken {
  sessionId: string;
  revoked: boolean;
  child?: string;
  revokedAt?: number;
}
interface Recovery {
  userId: string;
  email: string;
  tokenHash: string;
  sentAt: number;
}

class GoTrueError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const INVALID_LOGIN = "Invalid login credentials";
const EMAIL_RE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return `$scrypt$${salt.toString("base64")}$${(await scryptAsync(password, salt, 32)).toString("base64")}`;
}

async function passwordMatches(password: string, stored: string | null): Promise<boolean> {
  const [, , salt, hash] = stored?.split("$") ?? [];
  if (!salt || !hash) return false;
  return timingSafeEqual(
    await scryptAsync(password, Buffer.from(salt, "base64"), 32),
    Buffer.from(hash, "base64"),
  );
}

function userJson(u: UserRow) {
  const confirmed = u.email_confirmed_at?.toISOString();
  return {
    id: u.id,
    aud: "authenticated",
    role: "authenticated",
    email: u.email,
    email_confirmed_at: confirmed,
    phone: "",
    confirmed_at: confirmed,
    app_metadata: u.raw_app_meta_data,
    user_metadata: u.raw_user_meta_data,
    identities: [
      {
        identity_id: u.id,
        id: u.id,
        user_id: u.id,
        identity_data: {
          sub: u.id,
          email: u.email,
          email_verified: Boolean(confirmed),
          phone_verified: false,
        },
        provider: "email",
        email: u.email,
        created_at: u.created_at.toISOString(),
        updated_at: u.updated_at.toISOString(),
      },
    ],
    created_at: u.created_at.toISOString(),
    updated_at: u.updated_at.toISOString(),
    is_anonymous: false,
  };
}

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

  type Body = Record<string, unknown>;
  type Handler = (
    req: http.IncomingMessage,
    body: Body,
    query: URLSearchParams,
  ) => Promise<[number, unknown]>;

  const routes: Record<string, Handler> = {
    "GET /.well-known/jwks.json": async () => [200, { keys: [jwk] }],

    "POST /signup": async (_req, body) => {
      const email = checkEmail(body.email);
      const password = checkPassword(body.password);
      const data = typeof body.data === "object" && body.data !== null ? (body.data as Body) : {};
      const id = randomUUID();
      let user: UserRow;
      try {
        const { rows } = await pool.query<UserRow>(
          `insert into auth.users (id, email, encrypted_password, email_confirmed_at, raw_user_meta_data, raw_app_meta_data)
           values ($1, $2, $3, $4, $5, $6) returning *`,
          [
            id,
            email,
            await hashPassword(password),
            settings.autoconfirm ? new Date() : null,
            { ...data, sub: id, email, email_verified: settings.autoconfirm, phone_verified: false },
            { provider: "email", providers: ["email"] },
          ],
        );
        user = rows[0] as UserRow;
      } catch (e) {
        if ((e as { code?: string }).code !== "23505") throw e;
        if (settings.autoconfirm)
          throw new GoTrueError(422, "user_already_exists", "User already registered");
        // With confirmations on, GoTrue answers a repeated sign-up with an obfuscated user: no enumeration.
        const now = new Date();
        return [
          200,
          {
            ...userJson({
              id: randomUUID(),
              email,
              encrypted_password: null,
              email_confirmed_at: null,
              raw_user_meta_data: data,
              raw_app_meta_data: {},
              created_at: now,
              updated_at: now,
            }),
            identities: [],
          },
        ];
      }
      return [200, settings.autoconfirm ? await startSession(user, "password") : userJson(user)];
    },

    "POST /token": async (_req, body, query) => {
      const grant = query.get("grant_type");
      if (grant === "password") {
        const user = typeof body.email === "string" ? await findUser("email", body.email.trim()) : undefined;
        if (!user || !(await passwordMatches(String(body.password ?? ""), user.encrypted_password))) {
          throw new GoTrueError(400, "invalid_credentials", INVALID_LOGIN);
        }
        if (!user.email_confirmed_at)
          throw new GoTrueError(400, "email_not_confirmed", "Email not confirmed");
        return [200, await startSession(user, "password")];
      }
      if (grant === "refresh_token") {
        if (settings.refreshDelayMs > 0) await new Promise((r) => setTimeout(r, settings.refreshDelayMs));
        const presented = String(body.refresh_token ?? "");
        const rt = refreshTokens.get(presented);
        const session = rt && sessions.get(rt.sessionId);
        if (!rt || !session) {
          throw new GoTrueError(
            400,
            "refresh_token_not_found",
            "Invalid Refresh Token: Refresh Token Not Found",
          );
        }
        let next: string;
        if (!rt.revoked) {
          rt.revoked = true;
          rt.revokedAt = Date.now();
          next = newRefreshToken(session.id);
          rt.child = next;
        } else {
          const child = rt.child ? refreshTokens.get(rt.child) : undefined;
          const withinReuse =
            Date.now() - (rt.revokedAt ?? 0) < settings.refreshTokenReuseIntervalSeconds * 1000;
          if (!rt.child || !child || child.revoked || !withinReuse) {
            // A replayed token means a stolen family: GoTrue revokes the whole session.
            dropSessions((s) => s.id !== session.id);
            throw new GoTrueError(400, "refresh_token_already_used", "Invalid Refresh Token: Already Used");
          }
          next = rt.child;
        }
        const user = await findUser("id", session.userId);
        if (!user)
          throw new GoTrueError(
            400,
            "refresh_token_not_found",
            "Invalid Refresh Token: Refresh Token Not Found",
          );
        return [200, await tokenResponse(user, session, next)];
      }
      throw new GoTrueError(400, "validation_failed", "unsupported_grant_type");
    },

    "GET /user": async (req) => [200, userJson((await authenticate(req)).user)],

    "PUT /user": async (req, body) => {
      let { user } = await authenticate(req);
      if (body.password !== undefined) {
        const password = checkPassword(body.password);
        if (await passwordMatches(password, user.encrypted_password)) {
          throw new GoTrueError(
            422,
            "same_password",
            "New password should be different from the old password.",
          );
        }
        const { rows } = await pool.query<UserRow>(
          "update auth.users set encrypted_password = $2, updated_at = now() where id = $1 returning *",
          [user.id, await hashPassword(password)],
        );
        user = rows[0] as UserRow;
      }
      if (typeof body.data === "object" && body.data !== null) {
        const { rows } = await pool.query<UserRow>(
          "update auth.users set raw_user_meta_data = raw_user_meta_data || $2, updated_at = now() where id = $1 returning *",
          [user.id, body.data],
        );
        user = rows[0] as UserRow;
      }
      return [200, userJson(user)];
    },

    "POST /logout": async (req, _body, query) => {
      const { user, session } = await authenticate(req);
      const scope = query.get("scope") ?? "global";
      if (scope === "local") dropSessions((s) => s.id !== session.id);
      else if (scope === "others") dropSessions((s) => s.userId !== user.id || s.id === session.id);
      else if (scope === "global") dropSessions((s) => s.userId !== user.id);
      else throw new GoTrueError(400, "validation_failed", "Unsupported logout scope");
      return [204, undefined];
    },

    "POST /recover": async (_req, body) => {
      const email = checkEmail(body.email);
      const user = await findUser("email", email);
      // GoTrue answers an unknown address exactly like a known one.
      if (!user) return [200, {}];
      const last = lastRecoveryByEmail.get(email);
      const wait = last
        ? Math.ceil((last.sentAt + settings.emailMaxFrequencySeconds * 1000 - Date.now()) / 1000)
        : 0;
      if (wait > 0) {
        throw new GoTrueError(
          429,
          "over_email_send_rate_limit",
          `For security purposes, you can only request this after ${wait} seconds.`,
        );
      }
      const otp = String(Math.floor(100000 + Math.random() * 900000));
      const hash = createHash("sha224")
        .update(email + otp)
        .digest("hex");
      // Code-flow (PKCE) recoveries carry the prefix in `{{ .TokenHash }}`, as GoTrue's one-time tokens do.
      const tokenHash =
        typeof body.code_challenge === "string" && body.code_challenge ? `pkce_${hash}` : hash;
      const recovery: Recovery = { userId: user.id, email, tokenHash, sentAt: Date.now() };
      if (last) recoveries.delete(last.tokenHash);
      recoveries.set(tokenHash, recovery);
      lastRecoveryByEmail.set(email, recovery);
      return [200, {}];
    },

    "POST /verify": async (_req, body) => {
      const types = ["signup", "invite", "magiclink", "recovery", "email_change", "email"];
      if (!types.includes(String(body.type))) {
        throw new GoTrueError(400, "validation_failed", "Invalid email verification type");
      }
      const recovery = body.type === "recovery" ? recoveries.get(String(body.token_hash ?? "")) : undefined;
      const fresh = recovery && Date.now() - recovery.sentAt < settings.recoveryTokenTtlSeconds * 1000;
      if (!recovery || !fresh)
        throw new GoTrueError(403, "otp_expired", "Email link is invalid or has expired");
      recoveries.delete(recovery.tokenHash);
      const { rows } = await pool.query<UserRow>(
        "update auth.users set email_confirmed_at = coalesce(email_confirmed_at, now()) where id = $1 returning *",
        [recovery.userId],
      );
      const user = rows[0];
      if (!user) throw new GoTrueError(403, "otp_expired", "Email link is invalid or has expired");
      return [200, await startSession(user, "otp")];
    },
  };

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
