"use client";

import { LayoutDashboard, type LucideIcon, ScrollText, Settings, Users } from "lucide-react";
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
  const items: NavItem[] = [
    { label: "Overview", href: base, icon: LayoutDashboard, exact: true },
    { label: "Members", href: `${base}/members`, icon: Users },
    ...(isAdminRole(role) ? [{ label: "Audit log", href: `${base}/audit`, icon: ScrollText }] : []),
    { label: "Settings", href: `${base}/settings`, icon: Settings },
  ];

  return (
    <nav aria-label="Workspace" className="grid gap-1">
      {items.map(({ label, href, icon: Icon, exact }) => {
        const active = exact ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);
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
