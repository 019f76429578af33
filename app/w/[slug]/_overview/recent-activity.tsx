"use client";

import { useQuery } from "@tanstack/react-query";
import { ScrollText } from "lucide-react";
import { api } from "@/components/api/client";
import { type AuditPage, queryKeys, workspacePath } from "@/components/api/types";
import { EmptyState } from "@/components/empty-state";
import { formatDateTime, formatRelative } from "@/components/format";
import { QueryError } from "@/components/query-error";
import { SectionCard } from "@/components/ui/card";
import { LinkButton } from "@/components/ui/link-button";
import { Skeleton } from "@/components/ui/skeleton";
import { describeAuditEntry } from "../_components/audit-describe";

/** Admins only: the latest audit entries. */
export function RecentActivity({ slug }: { slug: string }) {
  const audit = useQuery({
    queryKey: [...queryKeys.audit(slug), "latest"],
    queryFn: ({ signal }) => api<AuditPage>(workspacePath(slug, "/audit?limit=5"), { signal }),
  });

  return (
    <SectionCard
      title="Recent activity"
      description="The latest changes in this workspace."
      action={
        <LinkButton href={`/w/${slug}/audit`} variant="outline" size="sm">
          View all
        </LinkButton>
      }
    >
      {audit.isPending ? (
        <div className="space-y-3">
          <Skeleton className="h-5 w-full" />
          <Skeleton className="h-5 w-4/5" />
          <Skeleton className="h-5 w-3/5" />
        </div>
      ) : audit.isError ? (
        <QueryError error={audit.error} onRetry={() => audit.refetch()} />
      ) : audit.data.entries.length === 0 ? (
        <EmptyState icon={ScrollText} title="No activity yet" />
      ) : (
        <ul className="divide-y" data-testid="recent-activity">
          {audit.data.entries.map((entry) => (
            <li
              key={entry.id}
              className="flex flex-col gap-0.5 py-2.5 sm:flex-row sm:justify-between sm:gap-4"
            >
              {/* Names the actor; their email is one hover (or long-press) away. */}
              <span className="min-w-0 wrap-break-word text-sm" title={entry.actor?.email}>
                {describeAuditEntry(entry)}
              </span>
              <time
                dateTime={entry.createdAt}
                title={formatDateTime(entry.createdAt)}
                className="shrink-0 text-xs text-muted-foreground"
              >
                {formatRelative(entry.createdAt)}
              </time>
            </li>
          ))}
        </ul>
      )}
    </SectionCard>
  );
}
