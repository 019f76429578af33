import { isAdminRole, type Role } from "@/components/api/types";

/**
 * Whether the viewer may edit or regenerate messages of a conversation: both
 * drop its tail, so the server allows them only to the person who started it
 * and to admins and owners (public.truncate_conversation; any other member
 * gets a 403, a viewer cannot chat at all). `startedBy` is the conversation's
 * createdBy: null when no one did (a channel's inbound conversation), which
 * only an admin may rewrite.
 */
export function canRewriteConversation(
  viewer: { role: Role; userId: string },
  startedBy: string | null,
): boolean {
  if (isAdminRole(viewer.role)) return true;
  return viewer.role === "member" && startedBy !== null && startedBy === viewer.userId;
}
