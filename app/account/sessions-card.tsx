"use client";

import { useQuery } from "@tanstack/react-query";
import { MonitorSmartphone } from "lucide-react";
import { api } from "@/components/api/client";
import { queryKeys, type SessionInfo } from "@/components/api/types";
import { EmptyState } from "@/components/empty-state";
import { formatDate, formatRelative } from "@/components/format";
import { QueryError } from "@/components/query-error";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { describeUserAgent } from "./describe-user-agent";

export function SessionsCard() {
  const query = useQuery({
    queryKey: queryKeys.sessions,
    queryFn: ({ signal }) => api<{ sessions: SessionInfo[] }>("/api/me/sessions", { signal }),
  });

  return (
    <Card>
      <CardHeader>
        <CardTitle>Active sessions</CardTitle>
        <CardDescription>Devices where you are signed in.</CardDescription>
      </CardHeader>
      <CardContent>
        {query.isPending ? (
          <div className="space-y-3" aria-busy="true">
            <Skeleton className="h-12 w-full" />
            <Skeleton className="h-12 w-full" />
          </div>
        ) : query.isError ? (
          <QueryError error={query.error} onRetry={() => query.refetch()} />
        ) : query.data.sessions.length === 0 ? (
          <EmptyState icon={MonitorSmartphone} title="No session details">
            Your sign-in provider manages sessions, so they are not listed here.
          </EmptyState>
        ) : (
          <ul className="divide-y">
            {query.data.sessions.map((s) => (
              <li key={s.id} className="flex flex-wrap items-start justify-between gap-2 py-3">
                <div className="min-w-0">
                  <p className="text-sm font-medium">{describeUserAgent(s.userAgent)}</p>
                  <p className="text-xs text-muted-foreground">
                    {[
                      s.lastSeenAt ? `Active ${formatRelative(s.lastSeenAt)}` : null,
                      `signed in ${formatDate(s.createdAt)}`,
                      s.ip,
                    ]
                      .filter(Boolean)
                      .join(" · ")}
                  </p>
                </div>
                {s.current ? <Badge variant="secondary">This device</Badge> : null}
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
