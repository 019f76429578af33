"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Mail } from "lucide-react";
import { toast } from "sonner";
import { api, errorMessage } from "@/components/api/client";
import { type Invitation, queryKeys, roleLabels, workspacePath } from "@/components/api/types";
import { EmptyState } from "@/components/empty-state";
import { formatDate } from "@/components/format";
import { QueryView, Skeletons } from "@/components/query-view";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { SectionCard } from "@/components/ui/card";
import { useCurrentWorkspace } from "../_components/workspace-context";

function InvitationRow({ invitation }: { invitation: Invitation }) {
  const { slug } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  const expired = new Date(invitation.expiresAt).getTime() < Date.now();

  const revoke = useMutation({
    mutationFn: () =>
      api<{ ok: true }>(workspacePath(slug, `/invitations/${encodeURIComponent(invitation.id)}`), {
        method: "DELETE",
      }),
    onSuccess: () => {
      toast.success(`Revoked the invitation for ${invitation.email}.`);
      return queryClient.invalidateQueries({ queryKey: queryKeys.workspace(slug) });
    },
    onError: (error) => toast.error(errorMessage(error)),
  });

  return (
    <li
      className="flex flex-wrap items-center gap-x-3 gap-y-1 py-3"
      data-testid={`invitation-${invitation.email}`}
    >
      <div className="min-w-0 flex-1">
        <p className="truncate text-sm font-medium">{invitation.email}</p>
        <p className="text-xs text-muted-foreground">
          {expired ? "Expired" : "Expires"} {formatDate(invitation.expiresAt)}
        </p>
      </div>
      <Badge variant={expired ? "outline" : "secondary"}>{roleLabels[invitation.role]}</Badge>
      <Button
        variant="ghost"
        size="sm"
        loading={revoke.isPending}
        onClick={() => revoke.mutate()}
        aria-label={`Revoke invitation for ${invitation.email}`}
      >
        Revoke
      </Button>
    </li>
  );
}

export function PendingInvitations() {
  const { slug } = useCurrentWorkspace();
  const query = useQuery({
    queryKey: queryKeys.invitations(slug),
    queryFn: ({ signal }) =>
      api<{ invitations: Invitation[] }>(workspacePath(slug, "/invitations"), { signal }),
  });

  return (
    <SectionCard title="Pending invitations" description="Invitations that have not been accepted yet.">
      <QueryView
        query={query}
        loading={<Skeletons className="h-10 w-full" />}
        empty={
          query.data?.invitations.length === 0 && <EmptyState icon={Mail} title="No pending invitations" />
        }
      >
        {({ invitations }) => (
          <ul className="divide-y">
            {invitations.map((invitation) => (
              <InvitationRow key={invitation.id} invitation={invitation} />
            ))}
          </ul>
        )}
      </QueryView>
    </SectionCard>
  );
}
