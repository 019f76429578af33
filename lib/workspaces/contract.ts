import { z } from "zod";
import { iso, isoTimestamp, OK, okOutput } from "../contract/json";
import { defineOperation } from "../contract/operation";
import { workspaceRoleSchema } from "./roles";
import { deleteWorkspaceInput, updateWorkspaceInput, type Workspace, type WorkspaceSummary } from "./schema";
import { deleteWorkspace, getWorkspace, updateWorkspace } from "./workspaces";

/**
 * The workspace's public contract: what a workspace looks like on the wire
 * and the operations on it. Listing and creating (`/api/workspaces`) happen
 * outside any workspace, so those routes keep their session wrapper and use
 * the shapes and serializers here; the rest is served by `webRoutes`.
 */

// ---- Output shapes -------------------------------------------------------

/** A workspace in the caller's list, with the caller's role in it. */
export const workspaceSummaryOutput = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  plan: z.string(),
  role: workspaceRoleSchema,
});
export type WorkspaceSummaryJson = z.infer<typeof workspaceSummaryOutput>;

export const workspaceOutput = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  plan: z.string(),
  createdAt: isoTimestamp,
});
export type WorkspaceJson = z.infer<typeof workspaceOutput>;

/** GET /api/workspaces/{slug}: the workspace and the caller's role in it. */
export const workspaceDetailOutput = z.object({ workspace: workspaceOutput, role: workspaceRoleSchema });
export type WorkspaceDetailJson = z.infer<typeof workspaceDetailOutput>;

export const workspaceListOutput = z.object({ workspaces: z.array(workspaceSummaryOutput) });
export type WorkspaceListJson = z.infer<typeof workspaceListOutput>;
export const createdWorkspaceOutput = z.object({ workspace: workspaceSummaryOutput });
export type CreatedWorkspaceJson = z.infer<typeof createdWorkspaceOutput>;
export const workspaceResult = z.object({ workspace: workspaceOutput });

/** Bodies, as the browser's forms send them. */
export type UpdateWorkspaceBody = z.input<typeof updateWorkspaceInput>;
export type DeleteWorkspaceBody = z.input<typeof deleteWorkspaceInput>;

// ---- Serializers ---------------------------------------------------------

export const serializeWorkspaceSummary = (w: WorkspaceSummary): WorkspaceSummaryJson => ({
  id: w.id,
  slug: w.slug,
  name: w.name,
  plan: w.plan,
  role: w.role,
});

export const serializeWorkspace = (w: Workspace): WorkspaceJson => ({
  id: w.id,
  slug: w.slug,
  name: w.name,
  plan: w.plan,
  createdAt: iso(w.createdAt),
});

// ---- Operations ----------------------------------------------------------

export const getWorkspaceOp = defineOperation({
  id: "workspaces.get",
  method: "get",
  summary: "Get the workspace",
  output: workspaceDetailOutput,
  outputDescription: "The workspace and the caller's role in it.",
  web: { path: "/", role: "viewer" },
  async run(scope, _input, caller) {
    return { workspace: serializeWorkspace(await getWorkspace(scope)), role: caller.role };
  },
});

export const updateWorkspaceOp = defineOperation({
  id: "workspaces.update",
  method: "patch",
  summary: "Rename the workspace or change its URL slug",
  body: updateWorkspaceInput,
  output: workspaceResult,
  outputDescription: "The workspace as changed.",
  web: { path: "/", role: "admin" },
  async run(scope, { body }) {
    return { workspace: serializeWorkspace(await updateWorkspace(scope, body)) };
  },
});

export const deleteWorkspaceOp = defineOperation({
  id: "workspaces.delete",
  method: "delete",
  summary: "Delete the workspace",
  description: "`confirm` must be the workspace's URL slug.",
  body: deleteWorkspaceInput,
  output: okOutput,
  outputDescription: "Deleted, with everything in it.",
  web: { path: "/", role: "owner" },
  async run(scope, { body }) {
    const { slug } = await getWorkspace(scope);
    await deleteWorkspace({ ...scope, slug }, body.confirm);
    return OK;
  },
});

export const workspaceOperations = [getWorkspaceOp, updateWorkspaceOp, deleteWorkspaceOp];
