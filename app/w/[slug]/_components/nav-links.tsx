"use client";

import {
  Activity,
  Blocks,
  Bot,
  CreditCard,
  Inbox,
  KeyRound,
  KeySquare,
  LayoutDashboard,
  type LucideIcon,
  Package,
  Radio,
  ScrollText,
  Settings,
  Users,
  Workflow,
} from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";
import { useCurrentWorkspace } from "./workspace-context";
import { currentPage, workspacePages } from "./workspace-pages";

export const pageIcons: Record<string, LucideIcon> = {
  overview: LayoutDashboard,
  agents: Bot,
  inbox: Inbox,
  channels: Radio,
  catalog: Package,
  flows: Workflow,
  members: Users,
  audit: ScrollText,
  "mcp-activity": Activity,
  providers: KeyRound,
  integrations: Blocks,
  "api-keys": KeySquare,
  billing: CreditCard,
  settings: Settings,
};

export function NavLinks({ onNavigate }: { onNavigate?: () => void }) {
  const { slug, role, billingEnabled } = useCurrentWorkspace();
  const pathname = usePathname();
  const items = workspacePages(slug, role, { billing: billingEnabled }).filter((p) => !p.searchOnly);
  const current = currentPage(items, pathname)?.href;

  return (
    <nav aria-label="Workspace" className="grid gap-1">
      {items.map(({ key, label, href }) => {
        const active = href === current;
        const Icon = pageIcons[key] ?? LayoutDashboard;
        return (
          <Link
            key={href}
            href={href}
            onClick={onNavigate}
            aria-current={active ? "page" : undefined}
            className={cn(
              "flex items-center gap-2 rounded-md px-2 py-2 text-sm font-medium text-sidebar-foreground/80 transition-colors hover:bg-sidebar-accent hover:text-sidebar-accent-foreground",
              active && "bg-sidebar-accent text-sidebar-accent-foreground",
            )}
          >
            <Icon className="size-4" aria-hidden="true" />
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
