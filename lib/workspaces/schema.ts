import { z } from "zod";
import type { WorkspaceRole } from "./roles";
import { slugSchema } from "./slug";

export interface WorkspaceSummary {
  id: string;
  slug: string;
  name: string;
  plan: string;
  role: WorkspaceRole;
}

export interface Workspace {
  id: string;
  slug: string;
  name: string;
  plan: string;
  createdAt: Date;
}

export interface WorkspaceMembership {
  workspace: Workspace;
  role: WorkspaceRole;
}

export const workspaceNameSchema = z.string().trim().min(1, "Give the workspace a name.").max(80);

export const createWorkspaceInput = z.object({ name: workspaceNameSchema, slug: slugSchema.optional() });
export type CreateWorkspaceInput = z.infer<typeof createWorkspaceInput>;

export const updateWorkspaceInput = z
  .object({ name: workspaceNameSchema.optional(), slug: slugSchema.optional() })
  .refine((v) => v.name !== undefined || v.slug !== undefined, { message: "Nothing to change." });
export type UpdateWorkspaceInput = z.infer<typeof updateWorkspaceInput>;

export const deleteWorkspaceInput = z.object({ confirm: z.string() });
