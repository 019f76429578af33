import type { JwtClaims } from "../db/rls";

/** The signed-in user every query runs as (RLS reads these claims). */
export interface UserCtx {
  claims: JwtClaims;
}

/** A user acting inside one workspace: the tenant every workspace query names explicitly. */
export interface WorkspaceScope extends UserCtx {
  workspaceId: string;
}
