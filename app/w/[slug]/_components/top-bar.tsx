"use client";

import type { WorkspaceSummary } from "@/components/api/types";
import { UserMenu } from "@/components/user-menu";
import { Breadcrumbs } from "./breadcrumbs";
import { MobileNav } from "./mobile-nav";
import { SearchPalette } from "./search-palette";
import { TopBarSlot } from "./top-bar-slot";

/** The shell's one header: navigation (phone), where you are, what the page adds, search, account. */
export function TopBar({ workspaces, email }: { workspaces: WorkspaceSummary[]; email: string }) {
  return (
    <header className="sticky top-0 z-40 flex h-14 shrink-0 items-center gap-1 border-b bg-background/95 px-2 backdrop-blur supports-[backdrop-filter]:bg-background/80 sm:gap-2 md:px-4">
      <MobileNav workspaces={workspaces} />
      <Breadcrumbs />
      <TopBarSlot className="flex min-w-0 flex-1 items-center gap-1 sm:gap-2" />
      <SearchPalette />
      <UserMenu email={email} />
    </header>
  );
}
