"use client";

import type { ReactNode } from "react";
import type { WorkspaceSummary } from "@/components/api/types";
import { UserMenu } from "@/components/user-menu";
import { MobileNav } from "./mobile-nav";
import { SidebarContent } from "./sidebar-content";
import { useCurrentWorkspace } from "./workspace-context";

export function AppShell({
  workspaces,
  email,
  children,
}: {
  workspaces: WorkspaceSummary[];
  email: string;
  children: ReactNode;
}) {
  const { name } = useCurrentWorkspace();
  return (
    <div className="flex min-h-dvh">
      <aside className="sticky top-0 hidden h-dvh w-64 shrink-0 border-r border-sidebar-border bg-sidebar md:block">
        <SidebarContent workspaces={workspaces} />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-40 flex h-14 items-center gap-2 border-b bg-background/95 px-3 backdrop-blur supports-[backdrop-filter]:bg-background/80 md:px-6">
          <MobileNav workspaces={workspaces} />
          <span className="min-w-0 truncate font-medium md:hidden">{name}</span>
          <div className="ml-auto">
            <UserMenu email={email} />
          </div>
        </header>
        <main className="mx-auto w-full max-w-5xl flex-1 px-4 py-6 md:px-8 md:py-8">{children}</main>
      </div>
    </div>
  );
}
