import { z } from "zod";
import { iso, isoTimestamp } from "../contract/json";
import { workspaceSummaryOutput } from "../workspaces/contract";
import type { AuthSessionInfo, Me, updateProfileInput } from "./schema";

/**
 * The account's public contract (`/api/me`): the signed-in user, their
 * workspaces and their sessions. Outside any workspace, so its routes keep
 * their session wrapper and answer with these shapes.
 */

// ---- Output shapes -------------------------------------------------------

export const userOutput = z.object({ id: z.uuid(), email: z.string(), displayName: z.string().nullable() });
export type UserJson = z.infer<typeof userOutput>;

export const meOutput = z.object({ user: userOutput, workspaces: z.array(workspaceSummaryOutput) });
export type MeJson = z.infer<typeof meOutput>;

export const userResult = z.object({ user: userOutput });
export type UserResultJson = z.infer<typeof userResult>;

export const sessionOutput = z.object({
  id: z.uuid(),
  createdAt: isoTimestamp,
  lastSeenAt: isoTimestamp,
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  current: z.boolean().describe("The session this request was made with"),
});
export type SessionJson = z.infer<typeof sessionOutput>;

export const sessionListOutput = z.object({ sessions: z.array(sessionOutput) });
export type SessionListJson = z.infer<typeof sessionListOutput>;

export type UpdateProfileBody = z.input<typeof updateProfileInput>;

// ---- Serializers ---------------------------------------------------------

export const serializeUser = (u: Me): UserJson => ({ id: u.id, email: u.email, displayName: u.displayName });

export const serializeSession = (s: AuthSessionInfo): SessionJson => ({
  id: s.id,
  createdAt: iso(s.createdAt),
  lastSeenAt: iso(s.lastSeenAt),
  userAgent: s.userAgent,
  ip: s.ip,
  current: s.current,
});
