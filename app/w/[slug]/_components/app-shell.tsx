"use client";

import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import type { WorkspaceSummary } from "@/components/api/types";
import { cn } from "@/lib/utils";
import { PlanLimitBanner } from "./plan-limit-banner";
import { SidebarContent } from "./sidebar-content";
import { TopBar } from "./top-bar";
import { TopBarSlotProvider } from "./top-bar-slot";

/** Pages that fill the space below the top bar edge to edge, scrolling inside themselves. */
const FULL_HEIGHT = /^\/w\/[^/]+\/agents\/[^/]+\/chat$/;

export function AppShell({
  workspaces,
  email,
  children,
}: {
  workspaces: WorkspaceSummary[];
  email: string;
  children: ReactNode;
}) {
  const fullHeight = FULL_HEIGHT.test(usePathname());
  return (
    <TopBarSlotProvider>
      <div className="flex min-h-dvh">
        <aside className="sticky top-0 hidden h-dvh w-64 shrink-0 border-r border-sidebar-border bg-sidebar md:block">
          <SidebarContent workspaces={workspaces} />
        </aside>
        <div className={cn("flex min-w-0 flex-1 flex-col", fullHeight && "h-dvh")}>
          <TopBar workspaces={workspaces} email={email} />
          <PlanLimitBanner />
          <main
            className={cn(
              fullHeight
                ? "flex min-h-0 w-full flex-1 flex-col"
                : "mx-auto w-full max-w-5xl flex-1 px-4 py-6 md:px-8 md:py-8",
            )}
          >
            {children}
          </main>
        </div>
      </div>
    </TopBarSlotProvider>
  );
}
