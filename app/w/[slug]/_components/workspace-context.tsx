"use client";

import { createContext, type ReactNode, useContext } from "react";
import type { Role } from "@/components/api/types";

export interface CurrentWorkspace {
  id: string;
  slug: string;
  name: string;
  plan: string;
  role: Role;
  /** The signed-in user, for what only the author of something may do (rewrite their conversation). */
  userId: string;
  /** Billing is on (STRIPE_SECRET_KEY set): plans, limits and their banner apply. */
  billingEnabled: boolean;
}

const WorkspaceContext = createContext<CurrentWorkspace | null>(null);

/** The workspace resolved by the server layout, so pages know the caller's role without a round trip. */
export function WorkspaceProvider({
  workspace,
  children,
}: {
  workspace: CurrentWorkspace;
  children: ReactNode;
}) {
  return <WorkspaceContext.Provider value={workspace}>{children}</WorkspaceContext.Provider>;
}

export function useCurrentWorkspace(): CurrentWorkspace {
  const workspace = useContext(WorkspaceContext);
  if (!workspace) throw new Error("useCurrentWorkspace must be used inside the workspace layout");
  return workspace;
}
