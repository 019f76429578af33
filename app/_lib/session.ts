import "server-only";
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { getAuth } from "@/lib/auth";
import type { AuthSession, CookieJar } from "@/lib/auth/types";
import { getWorkspaceMembership, listWorkspaces, type WorkspaceSummary } from "@/lib/workspaces";

/** Server components may read cookies but not write them; the proxy does the refreshing. */
async function readOnlyJar(): Promise<CookieJar> {
  const store = await cookies();
  return {
    get: (name) => store.get(name)?.value,
    getAll: () => store.getAll().map((c) => ({ name: c.name, value: c.value })),
    set: () => undefined,
    delete: () => undefined,
  };
}

export const getServerSession = cache(async (): Promise<AuthSession | null> => {
  // Read cookies first: that marks the page dynamic before any config is touched.
  const jar = await readOnlyJar();
  return getAuth().getSession(jar);
});

export async function requireServerSession(nextPath: string): Promise<AuthSession> {
  const session = await getServerSession();
  if (!session) redirect(`/sign-in?next=${encodeURIComponent(nextPath)}`);
  return session;
}

export const listWorkspacesForUser = cache(
  async (session: AuthSession): Promise<WorkspaceSummary[]> => listWorkspaces({ claims: session.claims }),
);

export const getWorkspaceForUser = cache(async (session: AuthSession, slug: string) => {
  const m = await getWorkspaceMembership({ claims: session.claims }, slug);
  return m ? { ...m.workspace, role: m.role } : null;
});

/**
 * An admin-only workspace page (`page` is its path under /w/<slug>): signed out goes to sign-in,
 * a non-admin gets a 404. The API refuses non-admins too; hiding the page keeps the nav and the URL consistent.
 */
export async function requireWorkspaceAdmin(slug: string, page: string): Promise<void> {
  const session = await requireServerSession(`/w/${slug}${page}`);
  const workspace = await getWorkspaceForUser(session, slug);
  if (!workspace || (workspace.role !== "owner" && workspace.role !== "admin")) notFound();
}
