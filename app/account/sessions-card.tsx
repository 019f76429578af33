"use client";

import { useQuery } from "@tanstack/react-query";
import { MonitorSmartphone } from "lucide-react";
import { api } from "@/components/api/client";
import { queryKeys, type SessionInfo } from "@/components/api/types";
import { EmptyState } from "@/components/empty-state";
import { formatDate, formatRelative } from "@/components/format";
import { QueryView, Skeletons } from "@/components/query-view";
import { Badge } from "@/components/ui/badge";
import { SectionCard } from "@/components/ui/card";
import { describeUserAgent } from "./describe-user-agent";

export function SessionsCard() {
  const query = useQuery({
    queryKey: queryKeys.sessions,
    queryFn: ({ signal }) => api<{ sessions: SessionInfo[] }>("/api/me/sessions", { signal }),
  });

  return (
    <SectionCard title="Active sessions" description="Devices where you are signed in.">
      <QueryView
        query={query}
        loading={<Skeletons className="h-12 w-full" />}
        empty={
          query.data?.sessions.length === 0 && (
            <EmptyState icon={MonitorSmartphone} title="No session details">
              Your sign-in provider manages sessions, so they are not listed here.
            </EmptyState>
          )
        }
      >
        {({ sessions }) => (
          <ul className="divide-y">
            {sessions.map((s) => (
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
      </QueryView>
    </SectionCard>
  );
}
