"use client";

import { Menu } from "lucide-react";
import { useState } from "react";
import type { WorkspaceSummary } from "@/components/api/types";
import { Button } from "@/components/ui/button";
import { Sheet, SheetContent, SheetDescription, SheetTitle, SheetTrigger } from "@/components/ui/sheet";
import { SidebarContent } from "./sidebar-content";

export function MobileNav({ workspaces }: { workspaces: WorkspaceSummary[] }) {
  const [open, setOpen] = useState(false);
  return (
    <Sheet open={open} onOpenChange={setOpen}>
      <SheetTrigger asChild>
        <Button variant="ghost" size="icon" className="md:hidden" aria-label="Open navigation">
          <Menu aria-hidden="true" />
        </Button>
      </SheetTrigger>
      <SheetContent side="left" className="w-72 max-w-[85vw] gap-0 bg-sidebar p-0">
        <SheetTitle className="sr-only">Navigation</SheetTitle>
        <SheetDescription className="sr-only">Switch workspace or go to another page.</SheetDescription>
        <SidebarContent workspaces={workspaces} onNavigate={() => setOpen(false)} />
      </SheetContent>
    </Sheet>
  );
}
