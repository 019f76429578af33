// The GoTrue endpoints the fake answers, one handler per "METHOD /path".
import { createHash, randomUUID } from "node:crypto";
import type { JWK } from "jose";
import type pg from "pg";
import {
  type Body,
  type FakeAuthSettings,
  GoTrueError,
  type Handler,
  hashPassword,
  INVALID_LOGIN,
  passwordMatches,
  type Recovery,
  type RefreshToken,
  type Session,
  type UserRow,
  userJson,
} from "./supabase-auth-fake-model";

/** What the handlers share with the server that owns them. */
export interface FakeAuthState {
  pool: pg.Pool;
  settings: FakeAuthSettings;
  jwk: JWK;
  sessions: Map<string, Session>;
  refreshTokens: Map<string, RefreshToken>;
  recoveries: Map<string, Recovery>;
  lastRecoveryByEmail: Map<string, Recovery>;
  findUser(where: "id" | "email", value: string): Promise<UserRow | undefined>;
  dropSessions(keep: (s: Session) => boolean): void;
  newRefreshToken(sessionId: string): string;
  tokenResponse(user: UserRow, session: Session, refreshToken: string): Promise<unknown>;
  startSession(user: UserRow, method: string): Promise<unknown>;
  authenticate(req: import("node:http").IncomingMessage): Promise<{ user: UserRow; session: Session }>;
  checkPassword(password: unknown): string;
  checkEmail(email: unknown): string;
}

export function createRoutes(s: FakeAuthState): Record<string, Handler> {
  const {
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
  } = s;
  return {
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
}
