import { sql } from "kysely";
import type { Database } from "../db/client";
import { runAsService } from "../db/rls";
import { logger } from "../logger";
import { isUuid } from "../uuid";
import { hashToken, randomToken, signAccessToken } from "./tokens";
import type { AuthSession, AuthUser, RequestMeta } from "./types";

export interface IssuedTokens {
  access: string;
  refresh: string;
}

export interface SessionStore {
  create(user: AuthUser, meta: RequestMeta): Promise<IssuedTokens>;
  isActive(sessionId: string): Promise<boolean>;
  /** isActive, and the session belongs to this user. */
  isActiveFor(sessionId: string, userId: string): Promise<boolean>;
  rotate(
    refreshToken: string,
    meta: RequestMeta,
  ): Promise<{ tokens: IssuedTokens; session: AuthSession } | null>;
  revoke(target: { sessionId?: string; refreshToken?: string }): Promise<void>;
  revokeAllForUser(userId: string, opts?: { except?: string }): Promise<void>;
}

/** Sessions and rotating refresh tokens of the local adapter; only hashes are stored. */
export function createSessionStore(cfg: {
  secret: Uint8Array;
  accessTtlSeconds: number;
  refreshTtlDays: number;
  reuseGraceSeconds: number;
  db: () => Database;
}): SessionStore {
  const refreshExpiry = () => new Date(Date.now() + cfg.refreshTtlDays * 86_400_000);

  const access = (user: AuthUser, sessionId: string) =>
    signAccessToken(
      cfg.secret,
      { sub: user.id, email: user.email, session_id: sessionId },
      cfg.accessTtlSeconds,
    );

  return {
    async create(user, meta) {
      const refresh = randomToken();
      const sessionId = await runAsService(
        "auth:session-create",
        async (tx) => {
          const s = await tx
            .insertInto("auth_sessions")
            .values({
              user_id: user.id,
              user_agent: meta.userAgent?.slice(0, 512) ?? null,
              ip: meta.ip ?? null,
            })
            .returning("id")
            .executeTakeFirstOrThrow();
          await tx
            .insertInto("auth_refresh_tokens")
            .values({
              session_id: s.id,
              user_id: user.id,
              token_hash: hashToken(refresh),
              expires_at: refreshExpiry(),
            })
            .execute();
          return s.id;
        },
        cfg.db(),
      );
      return { access: await access(user, sessionId), refresh };
    },

    async isActive(sessionId) {
      if (!isUuid(sessionId)) return false;
      // One autocommit statement (security definer; see its migration): no BEGIN/COMMIT per request.
      const { rows } = await sql<{ active: boolean }>`
        select private.auth_session_active(${sessionId}::uuid) as active`.execute(cfg.db());
      return rows[0]?.active === true;
    },

    async isActiveFor(sessionId, userId) {
      if (!isUuid(sessionId) || !isUuid(userId)) return false;
      const row = await runAsService(
        "auth:session-check",
        (tx) =>
          tx
            .selectFrom("auth_sessions")
            .select("id")
            .where("id", "=", sessionId)
            .where("user_id", "=", userId)
            .where("revoked_at", "is", null)
            .executeTakeFirst(),
        cfg.db(),
      );
      return row !== undefined;
    },

    async rotate(refreshToken, meta) {
      const result = await runAsService(
        "auth:refresh",
        async (tx) => {
          const row = await tx
            .selectFrom("auth_refresh_tokens as rt")
            .innerJoin("auth_sessions as s", "s.id", "rt.session_id")
            .innerJoin("auth.users as u", "u.id", "rt.user_id")
            .select([
              "rt.id",
              "rt.session_id",
              "rt.user_id",
              "rt.expires_at",
              "rt.used_at",
              "s.revoked_at",
              "u.email",
            ])
            .where("rt.token_hash", "=", hashToken(refreshToken))
            .forUpdate("rt")
            .executeTakeFirst();
          if (!row || row.revoked_at || row.expires_at < new Date()) return null;
          if (row.used_at) {
            const ageSeconds = (Date.now() - row.used_at.getTime()) / 1000;
            if (ageSeconds > cfg.reuseGraceSeconds) {
              // A rotated token came back: assume it was stolen and end the whole session.
              await tx
                .updateTable("auth_sessions")
                .set({ revoked_at: new Date() })
                .where("id", "=", row.session_id)
                .execute();
              logger.warn({ sessionId: row.session_id, ip: meta.ip }, "refresh token reuse: session revoked");
              return null;
            }
          } else {
            await tx
              .updateTable("auth_refresh_tokens")
              .set({ used_at: new Date() })
              .where("id", "=", row.id)
              .execute();
          }
          const next = randomToken();
          await tx
            .insertInto("auth_refresh_tokens")
            .values({
              session_id: row.session_id,
              user_id: row.user_id,
              token_hash: hashToken(next),
              expires_at: refreshExpiry(),
            })
            .execute();
          await tx
            .updateTable("auth_sessions")
            .set({ last_seen_at: new Date(), ip: meta.ip ?? null })
            .where("id", "=", row.session_id)
            .execute();
          return {
            refresh: next,
            sessionId: row.session_id,
            user: { id: row.user_id, email: row.email ?? "" },
          };
        },
        cfg.db(),
      );
      if (!result) return null;
      const accessToken = await access(result.user, result.sessionId);
      return {
        tokens: { access: accessToken, refresh: result.refresh },
        session: {
          user: result.user,
          claims: {
            sub: result.user.id,
            email: result.user.email,
            role: "authenticated",
            aud: "authenticated",
            session_id: result.sessionId,
          },
        },
      };
    },

    async revoke(target) {
      await runAsService(
        "auth:sign-out",
        async (tx) => {
          let sessionId = target.sessionId;
          if (!sessionId && target.refreshToken) {
            const row = await tx
              .selectFrom("auth_refresh_tokens")
              .select("session_id")
              .where("token_hash", "=", hashToken(target.refreshToken))
              .executeTakeFirst();
            sessionId = row?.session_id;
          }
          if (!sessionId) return;
          await tx
            .updateTable("auth_sessions")
            .set({ revoked_at: new Date() })
            .where("id", "=", sessionId)
            .where("revoked_at", "is", null)
            .execute();
        },
        cfg.db(),
      );
    },

    async revokeAllForUser(userId, opts) {
      await runAsService(
        "auth:revoke-all",
        async (tx) => {
          let q = tx
            .updateTable("auth_sessions")
            .set({ revoked_at: new Date() })
            .where("user_id", "=", userId)
            .where("revoked_at", "is", null);
          if (opts?.except) q = q.where("id", "<>", opts.except);
          await q.execute();
        },
        cfg.db(),
      );
    },
  };
}
