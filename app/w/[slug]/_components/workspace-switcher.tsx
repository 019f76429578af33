"use client";

import { Check, ChevronsUpDown, Plus } from "lucide-react";
import Link from "next/link";
import { roleLabels, type WorkspaceSummary } from "@/components/api/types";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { useCurrentWorkspace } from "./workspace-context";

function WorkspaceMark({ name }: { name: string }) {
  return (
    <span
      aria-hidden="true"
      className="flex size-7 shrink-0 items-center justify-center rounded-md bg-primary text-xs font-semibold text-primary-foreground"
    >
      {name.trim().charAt(0).toUpperCase() || "?"}
    </span>
  );
}

export function WorkspaceSwitcher({
  workspaces,
  onNavigate,
}: {
  workspaces: WorkspaceSummary[];
  onNavigate?: () => void;
}) {
  const current = useCurrentWorkspace();
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" className="h-auto w-full justify-start gap-2 px-2 py-1.5 text-left">
          <WorkspaceMark name={current.name} />
          <span className="grid min-w-0 flex-1 leading-tight">
            <span className="truncate font-semibold">{current.name}</span>
            <span className="truncate text-xs font-normal text-muted-foreground">
              {roleLabels[current.role]}
            </span>
          </span>
          {/* Named by its visible text plus this, not an aria-label that hides the text (WCAG 2.5.3). */}
          <span className="sr-only">Switch workspace</span>
          <ChevronsUpDown className="text-muted-foreground" aria-hidden="true" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-(--radix-dropdown-menu-trigger-width) min-w-56">
        <DropdownMenuLabel className="text-xs font-normal text-muted-foreground">
          Workspaces
        </DropdownMenuLabel>
        {workspaces.map((workspace) => (
          <DropdownMenuItem key={workspace.id} asChild>
            <Link
              href={`/w/${workspace.slug}`}
              onClick={onNavigate}
              aria-current={workspace.slug === current.slug ? "page" : undefined}
            >
              <WorkspaceMark name={workspace.name} />
              <span className="min-w-0 flex-1 truncate">{workspace.name}</span>
              {workspace.slug === current.slug ? <Check aria-hidden="true" /> : null}
            </Link>
          </DropdownMenuItem>
        ))}
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link href="/new-workspace" onClick={onNavigate}>
            <Plus aria-hidden="true" />
            Create workspace
          </Link>
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
