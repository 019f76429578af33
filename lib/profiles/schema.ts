import { z } from "zod";

export const updateProfileInput = z.object({ displayName: z.string().trim().min(1).max(80).nullable() });
export type UpdateProfileInput = z.infer<typeof updateProfileInput>;

export interface Me {
  id: string;
  email: string;
  displayName: string | null;
}

/** One of the user's signed-in sessions (local auth), for the account page. */
export interface AuthSessionInfo {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  userAgent: string | null;
  ip: string | null;
  /** The session this request was made with. */
  current: boolean;
}
