"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CircleAlert, KeyRound, RefreshCw } from "lucide-react";
import { toast } from "sonner";
import { api, errorMessage } from "@/components/api/client";
import { ChannelTag } from "@/components/channels/channel-meta";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DetailRow } from "@/components/ui/detail-row";
import { DeleteButton } from "../_components/delete-button";
import { useCurrentWorkspace } from "../_components/workspace-context";
import { channelFields } from "./channel-fields";
import { inboxDeletion } from "./inbox-deletion";
import { InboxDialog } from "./inbox-dialog";
import { type CreatableChannel, type Inbox, type InboxWithWebhook, inboxKeys, inboxPath } from "./types";
import { WidgetSnippet } from "./widget-snippet";

const actorProblems = {
  no_actor: "The bot acts as the member who set this channel up, and there is none: it does not answer.",
  not_a_member:
    "The member this channel's bot acts as is no longer a member (or is a viewer): it does not answer.",
};

function settingText(v: unknown): string {
  if (Array.isArray(v))
    return v.map((x) => (typeof x === "object" && x ? Object.values(x).join(" ") : String(x))).join(", ");
  return String(v);
}

export function InboxCard({
  inbox,
  agentName,
  isAdmin,
  onWebhook,
}: {
  inbox: Inbox;
  agentName?: string;
  isAdmin: boolean;
  onWebhook: (w: { inbox: Inbox; url: string }) => void;
}) {
  const { slug } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: inboxKeys.all(slug) });
  const rotate = useMutation({
    mutationFn: () => api<InboxWithWebhook>(inboxPath(slug, inbox.id, "/rotate-token"), { method: "POST" }),
    onSuccess: (r) => {
      if (r.webhook) onWebhook({ inbox: r.inbox, url: r.webhook.url });
      return refresh();
    },
    onError: (e) => toast.error(errorMessage(e)),
  });
  const actAsMe = useMutation({
    mutationFn: () => api(inboxPath(slug, inbox.id), { method: "PATCH", body: { actAsMe: true } }),
    onSuccess: () => {
      toast.success("The bot acts as you now.");
      return refresh();
    },
    onError: (e) => toast.error(errorMessage(e)),
  });
  const web = inbox.channel === "web";
  const fields = web ? [] : channelFields[inbox.channel as CreatableChannel];
  return (
    <Card className="gap-4 p-4" data-testid={`inbox-${inbox.name}`}>
      <div className="flex min-w-0 flex-wrap items-center gap-2">
        <h2 className="min-w-0 truncate font-semibold">{inbox.name}</h2>
        <Badge variant="secondary">
          <ChannelTag channel={inbox.channel} />
        </Badge>
        {!web && !inbox.botEnabled ? <Badge variant="outline">Bot off</Badge> : null}
      </div>
      {web ? (
        <p className="text-sm text-muted-foreground">
          The in-app chat: conversations started from an agent's chat page.
        </p>
      ) : (
        <dl className="grid gap-2 text-sm">
          <DetailRow label="Agent">
            {agentName ?? (inbox.agentId ? "Unknown agent" : "None: people answer")}
          </DetailRow>
          {fields
            .filter((f) => f.kind === "setting" && inbox.settings[f.key] !== undefined)
            .map((f) => (
              <DetailRow key={f.key} label={f.label}>
                <span className="break-all">{settingText(inbox.settings[f.key])}</span>
              </DetailRow>
            ))}
          {fields
            .filter((f) => f.kind === "secret")
            .map((f) => (
              <DetailRow key={f.key} label={f.label}>
                <span className="inline-flex items-center gap-1.5 font-mono text-xs">
                  <KeyRound className="size-3.5 text-muted-foreground" aria-hidden="true" />
                  {inbox.secrets[f.key] ?? "Not set"}
                </span>
              </DetailRow>
            ))}
          {inbox.hasWebhookToken ? (
            <DetailRow label="Webhook URL">Set (shown once; rotate for a new one)</DetailRow>
          ) : null}
        </dl>
      )}
      {inbox.publicKey ? <WidgetSnippet publicKey={inbox.publicKey} /> : null}
      {inbox.actorProblem ? (
        <p role="alert" className="flex flex-wrap items-start gap-1.5 text-sm text-destructive">
          <CircleAlert className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
          <span className="min-w-0 flex-1">{actorProblems[inbox.actorProblem]}</span>
          {isAdmin ? (
            <Button size="sm" variant="outline" loading={actAsMe.isPending} onClick={() => actAsMe.mutate()}>
              Act as me
            </Button>
          ) : null}
        </p>
      ) : null}
      {isAdmin && !web ? (
        <div className="flex flex-wrap items-center gap-2 border-t pt-4">
          {inbox.hasWebhookToken ? (
            <Button size="sm" variant="outline" loading={rotate.isPending} onClick={() => rotate.mutate()}>
              <RefreshCw aria-hidden="true" />
              Rotate webhook URL
            </Button>
          ) : null}
          <div className="ml-auto flex gap-1">
            <InboxDialog existing={inbox} />
            <DeleteButton kind={inboxDeletion} item={inbox} />
          </div>
        </div>
      ) : null}
    </Card>
  );
}
