"use client";

import {
  Activity,
  Blocks,
  Bot,
  Inbox,
  KeyRound,
  KeySquare,
  LayoutDashboard,
  type LucideIcon,
  Package,
  ScrollText,
  Settings,
  Users,
} from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { isAdminRole } from "@/components/api/types";
import { cn } from "@/lib/utils";
import { useCurrentWorkspace } from "./workspace-context";

interface NavItem {
  label: string;
  href: string;
  icon: LucideIcon;
  exact?: boolean;
}

export function NavLinks({ onNavigate }: { onNavigate?: () => void }) {
  const { slug, role } = useCurrentWorkspace();
  const pathname = usePathname();
  const base = `/w/${slug}`;
  const admin = isAdminRole(role);
  const items: NavItem[] = [
    { label: "Overview", href: base, icon: LayoutDashboard, exact: true },
    { label: "Agents", href: `${base}/agents`, icon: Bot },
    { label: "Inbox", href: `${base}/inbox`, icon: Inbox },
    { label: "Catalog", href: `${base}/catalog`, icon: Package },
    { label: "Members", href: `${base}/members`, icon: Users },
    ...(admin ? [{ label: "Audit log", href: `${base}/audit`, icon: ScrollText }] : []),
    ...(admin ? [{ label: "MCP activity", href: `${base}/mcp-activity`, icon: Activity }] : []),
    // Everyone may open the page (read-only below admin); only admins get the shortcut.
    ...(admin ? [{ label: "Providers", href: `${base}/settings/providers`, icon: KeyRound }] : []),
    ...(admin ? [{ label: "Integrations", href: `${base}/integrations`, icon: Blocks }] : []),
    ...(admin ? [{ label: "API keys", href: `${base}/settings/api-keys`, icon: KeySquare }] : []),
    { label: "Settings", href: `${base}/settings`, icon: Settings },
  ];
  const matches = (item: NavItem) =>
    item.exact ? pathname === item.href : pathname === item.href || pathname.startsWith(`${item.href}/`);
  // Nested entries (Settings > Providers): only the most specific match is current.
  const current = items.filter(matches).sort((a, b) => b.href.length - a.href.length)[0]?.href;

  return (
    <nav aria-label="Workspace" className="grid gap-1">
      {items.map(({ label, href, icon: Icon }) => {
        const active = href === current;
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
