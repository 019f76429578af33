"use client";

import { useQuery } from "@tanstack/react-query";
import { ChevronLeft, ChevronRight } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { api } from "@/components/api/client";
import { workspacePath } from "@/components/api/types";
import { chatKeys } from "@/components/chat/query-keys";
import type { AgentSummary } from "@/components/chat/types";
import { breadcrumbTrail } from "./breadcrumb-trail";
import { useCurrentWorkspace } from "./workspace-context";

/**
 * Workspace › Agents › Support bot. On a phone only the way back (the parent page) fits,
 * or the workspace's name on a top-level page.
 */
export function Breadcrumbs() {
  const workspace = useCurrentWorkspace();
  const pathname = usePathname();
  const first = breadcrumbTrail(pathname, workspace);
  // Same key and shape as the agent pages' own query, so the name comes from their cache.
  const agent = useQuery({
    queryKey: chatKeys.agent(workspace.slug, first.agentId ?? ""),
    queryFn: ({ signal }) =>
      api<{ agent: AgentSummary }>(workspacePath(workspace.slug, `/agents/${first.agentId}`), { signal }),
    enabled: Boolean(first.agentId) && !first.pageOwnsTitle,
  });
  const { crumbs, pageOwnsTitle } = agent.data
    ? breadcrumbTrail(pathname, workspace, agent.data.agent.name)
    : first;
  const parent = crumbs.length > 2 ? crumbs.at(-2) : undefined;

  return (
    <>
      <nav aria-label="Breadcrumb" className="hidden min-w-0 shrink md:block">
        <ol className="flex min-w-0 items-center gap-1.5 text-sm">
          {crumbs.map((crumb, i) => (
            <li key={crumb.href ?? crumb.label} className="flex min-w-0 items-center gap-1.5">
              {i > 0 ? (
                <ChevronRight className="size-3.5 shrink-0 text-muted-foreground" aria-hidden="true" />
              ) : null}
              {crumb.href ? (
                <Link
                  href={crumb.href}
                  className="truncate rounded-sm text-muted-foreground hover:text-foreground"
                >
                  {crumb.label}
                </Link>
              ) : (
                <span aria-current="page" className="truncate font-medium">
                  {crumb.label}
                </span>
              )}
            </li>
          ))}
        </ol>
      </nav>
      {pageOwnsTitle ? (
        <ChevronRight
          className="hidden size-3.5 shrink-0 text-muted-foreground md:block"
          aria-hidden="true"
        />
      ) : parent?.href ? (
        <Link
          href={parent.href}
          className="flex min-w-0 items-center gap-1 rounded-sm text-sm font-medium text-muted-foreground hover:text-foreground md:hidden"
        >
          <ChevronLeft className="size-4 shrink-0" aria-hidden="true" />
          <span className="truncate">{parent.label}</span>
        </Link>
      ) : (
        <span className="min-w-0 truncate font-medium md:hidden">{workspace.name}</span>
      )}
    </>
  );
}
