export { type AuthorizeWorkspaceInput, authorizeWorkspaceRequest, type WorkspaceAccess } from "./authorize";
export * from "./roles";
export * from "./schema";
export type { UserCtx, WorkspaceScope } from "./scope";
export { slugify, slugSchema } from "./slug";
export {
  createWorkspace,
  deleteWorkspace,
  getWorkspace,
  getWorkspaceMembership,
  listWorkspaces,
  updateWorkspace,
} from "./workspaces";
