import type { WorkspaceRole } from "@/lib/workspaces/roles";

export type Role = WorkspaceRole;

export const roleLabels: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  member: "Member",
  viewer: "Viewer",
};

export const isAdminRole = (role: Role): boolean => role === "owner" || role === "admin";

// The wire shapes come from the domains' contracts (type-only: no server code reaches the bundle).
export type { ApiKeyJson as ApiKey, CreatedApiKeyJson as CreatedApiKey } from "@/lib/api-keys/contract";
export type { AuditEntryJson as AuditEntry, AuditPageJson as AuditPage } from "@/lib/audit/contract";
export type {
  CreatedInvitationJson as CreatedInvitation,
  InvitationJson as Invitation,
} from "@/lib/invitations/contract";
export type {
  McpCallJson as McpCall,
  McpCallPageJson as McpCallPage,
  McpCallSummaryJson as McpCallSummary,
} from "@/lib/mcp-activity/contract";
export type { MemberJson as Member, MembersJson as MembersResponse } from "@/lib/members/contract";
export type { MeJson as Me, SessionJson as SessionInfo } from "@/lib/profiles/contract";
export type {
  WorkspaceDetailJson as WorkspaceDetail,
  WorkspaceSummaryJson as WorkspaceSummary,
} from "@/lib/workspaces/contract";

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
