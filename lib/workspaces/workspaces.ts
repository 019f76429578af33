import { sql } from "kysely";
import { getDb } from "../db/client";
import { queryAsUser, runAsUser } from "../db/rls";
import { AppError, toAppError } from "../errors";
import { workspaceRoleSchema } from "./roles";
import type {
  CreateWorkspaceInput,
  UpdateWorkspaceInput,
  Workspace,
  WorkspaceMembership,
  WorkspaceSummary,
} from "./schema";
import type { UserCtx, WorkspaceScope } from "./scope";
import { slugify, slugSchema, slugWithSuffix } from "./slug";

export async function listWorkspaces(ctx: UserCtx): Promise<WorkspaceSummary[]> {
  return runAsUser(ctx.claims, async (tx) => {
    const rows = await tx
      .selectFrom("workspaces as w")
      .innerJoin("workspace_members as m", "m.workspace_id", "w.id")
      .select(["w.id", "w.slug", "w.name", "w.plan", "m.role"])
      .where("m.user_id", "=", ctx.claims.sub)
      .orderBy("w.name")
      .execute();
    return rows.map((r) => ({ ...r, role: workspaceRoleSchema.parse(r.role) }));
  });
}

export async function getWorkspaceMembership(
  ctx: UserCtx,
  slug: string,
): Promise<WorkspaceMembership | null> {
  if (!slugSchema.safeParse(slug).success) return null;
  // Every workspace request starts here: one round trip (queryAsUser), still under RLS.
  const [row] = await queryAsUser<{
    id: string;
    slug: string;
    name: string;
    plan: string;
    created_at: Date;
    role: string;
  }>(
    ctx.claims,
    getDb()
      .selectFrom("workspaces as w")
      .innerJoin("workspace_members as m", "m.workspace_id", "w.id")
      .select(["w.id", "w.slug", "w.name", "w.plan", "w.created_at", "m.role"])
      .where("w.slug", "=", slug)
      .where("m.user_id", "=", ctx.claims.sub)
      .compile(),
  );
  if (!row) return null;
  return {
    workspace: { id: row.id, slug: row.slug, name: row.name, plan: row.plan, createdAt: row.created_at },
    role: workspaceRoleSchema.parse(row.role),
  };
}

/** The workspace the scope names, read under RLS (a workspace the caller does not belong to is not found). */
export async function getWorkspace(ctx: WorkspaceScope): Promise<Workspace> {
  const row = await runAsUser(ctx.claims, (tx) =>
    tx
      .selectFrom("workspaces")
      .select(["id", "slug", "name", "plan", "created_at"])
      .where("id", "=", ctx.workspaceId)
      .executeTakeFirst(),
  );
  if (!row) throw new AppError("not_found", "Workspace not found.");
  return { id: row.id, slug: row.slug, name: row.name, plan: row.plan, createdAt: row.created_at };
}

function isSlugTaken(e: unknown): boolean {
  return toAppError(e).code === "conflict";
}

/** The caller becomes owner. A generated slug gets a random suffix when taken. */
export async function createWorkspace(ctx: UserCtx, input: CreateWorkspaceInput): Promise<WorkspaceSummary> {
  const candidates = input.slug
    ? [input.slug]
    : [slugify(input.name), slugWithSuffix(input.name), slugWithSuffix(input.name)];
  for (const slug of candidates) {
    try {
      const { rows } = await runAsUser(ctx.claims, (tx) =>
        sql<{ id: string; slug: string; name: string; plan: string }>`
          select id, slug, name, plan from public.create_workspace(${input.name}, ${slug})`.execute(tx),
      );
      const ws = rows[0];
      if (!ws) throw new Error("create_workspace returned nothing");
      return { ...ws, role: "owner" };
    } catch (e) {
      if (!isSlugTaken(e)) throw e;
    }
  }
  throw new AppError("conflict", "That URL slug is taken. Choose another.", {
    details: [{ path: "slug", message: "Already taken." }],
  });
}

export async function updateWorkspace(ctx: WorkspaceScope, input: UpdateWorkspaceInput): Promise<Workspace> {
  try {
    const row = await runAsUser(ctx.claims, (tx) =>
      tx
        .updateTable("workspaces")
        .set({ ...(input.name ? { name: input.name } : {}), ...(input.slug ? { slug: input.slug } : {}) })
        .where("id", "=", ctx.workspaceId)
        .returning(["id", "slug", "name", "plan", "created_at"])
        .executeTakeFirst(),
    );
    if (!row) throw new AppError("forbidden", "Only admins and owners can change workspace settings.");
    return { id: row.id, slug: row.slug, name: row.name, plan: row.plan, createdAt: row.created_at };
  } catch (e) {
    if (isSlugTaken(e)) {
      throw new AppError("conflict", "That URL slug is taken. Choose another.", {
        details: [{ path: "slug", message: "Already taken." }],
      });
    }
    throw e;
  }
}

export async function deleteWorkspace(
  ctx: WorkspaceScope & { slug: string },
  confirm: string,
): Promise<void> {
  if (confirm !== ctx.slug) {
    throw new AppError("validation_failed", "Type the workspace's URL slug to confirm.", {
      details: [{ path: "confirm", message: `Type "${ctx.slug}" to confirm.` }],
    });
  }
  const res = await runAsUser(ctx.claims, (tx) =>
    tx.deleteFrom("workspaces").where("id", "=", ctx.workspaceId).executeTakeFirst(),
  );
  if (Number(res.numDeletedRows) === 0)
    throw new AppError("forbidden", "Only an owner can delete the workspace.");
}
