"use client";

import type { WorkspaceSummary } from "@/components/api/types";
import { Brand } from "@/components/brand";
import { Separator } from "@/components/ui/separator";
import { NavLinks } from "./nav-links";
import { WorkspaceSwitcher } from "./workspace-switcher";

/** Shared by the desktop sidebar and the phone drawer so both always offer the same entries. */
export function SidebarContent({
  workspaces,
  onNavigate,
}: {
  workspaces: WorkspaceSummary[];
  onNavigate?: () => void;
}) {
  return (
    <div className="flex h-full flex-col gap-4 p-3">
      <div className="px-2 pt-1">
        <Brand href="/" className="text-sm" />
      </div>
      <WorkspaceSwitcher workspaces={workspaces} onNavigate={onNavigate} />
      <Separator />
      <NavLinks onNavigate={onNavigate} />
    </div>
  );
}
