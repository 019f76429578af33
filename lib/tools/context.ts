import type { JwtClaims } from "../db/rls";

/** What a tool may act on: the chatting user (through RLS), their workspace and the conversation. */
export interface ToolContext {
  claims: JwtClaims;
  workspaceId: string;
  conversationId: string;
}
