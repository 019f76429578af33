export type Role = "owner" | "admin" | "member" | "viewer";

export const roleLabels: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  member: "Member",
  viewer: "Viewer",
};

export const isAdminRole = (role: Role): boolean => role === "owner" || role === "admin";

export interface WorkspaceSummary {
  id: string;
  slug: string;
  name: string;
  plan: string;
  role: Role;
}

export interface Me {
  user: { id: string; email: string; displayName: string | null };
  workspaces: WorkspaceSummary[];
}

export interface SessionInfo {
  id: string;
  createdAt: string;
  lastSeenAt: string | null;
  userAgent: string | null;
  ip: string | null;
  current: boolean;
}

export interface WorkspaceDetail {
  workspace: { id: string; slug: string; name: string; plan: string; createdAt: string };
  role: Role;
}

export interface Member {
  userId: string;
  email: string;
  displayName: string | null;
  role: Role;
  joinedAt: string;
}

export interface MembersResponse {
  members: Member[];
  me: { userId: string; role: Role };
}

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  expiresAt: string;
  createdAt: string;
}

export interface CreatedInvitation {
  invitation: Invitation;
  inviteUrl: string;
  emailed: boolean;
}

export interface AuditEntry {
  id: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: unknown;
  createdAt: string;
  actor: { id: string; email: string; displayName: string | null } | null;
}

export interface AuditPage {
  entries: AuditEntry[];
  nextCursor: string | null;
}

/**
 * Query keys in one place so mutations invalidate exactly what they change.
 * `workspace(slug)` prefixes every workspace-scoped key, so invalidating it refreshes them all.
 */
export const queryKeys = {
  me: ["me"] as const,
  sessions: ["me", "sessions"] as const,
  workspace: (slug: string) => ["workspace", slug] as const,
  members: (slug: string) => ["workspace", slug, "members"] as const,
  invitations: (slug: string) => ["workspace", slug, "invitations"] as const,
  audit: (slug: string) => ["workspace", slug, "audit"] as const,
};

export const workspacePath = (slug: string, sub = "") => `/api/workspaces/${encodeURIComponent(slug)}${sub}`;
