"use client";

import { useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { CreateEditDialog, saveTo, useFormDialog } from "@/components/form-dialog";
import { useCurrentWorkspace } from "../_components/workspace-context";
import { channelFields, type InboxFormInput, toBody } from "./channel-fields";
import { InboxForm } from "./inbox-form";
import { type Inbox, type InboxWithWebhook, inboxesPath, inboxKeys, inboxPath } from "./types";

const FIELDS = [
  "channel",
  "name",
  "agentId",
  ...new Set(Object.values(channelFields).flatMap((fs) => fs.map((f) => f.key))),
];

const text = {
  add: "Add channel",
  title: "New channel",
  create:
    "Connect Chatwoot, WhatsApp, a website widget or the API. Credentials are stored encrypted and never shown again.",
  edit: "Leave a credential empty to keep the saved one.",
};

/** Add (no `existing`) or edit an inbox; `onWebhook` shows a new webhook URL once. */
export function InboxDialog({
  existing,
  onWebhook,
}: {
  existing?: Inbox;
  onWebhook?: (w: { inbox: Inbox; url: string }) => void;
}) {
  const { slug } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  const { dialog, form } = useFormDialog({
    fields: FIELDS,
    mutationFn: (input: InboxFormInput) =>
      saveTo<InboxWithWebhook | { inbox: Inbox }>(
        existing && inboxPath(slug, existing.id),
        inboxesPath(slug),
        toBody(input, existing),
      ),
    onSuccess: (data) => {
      toast.success(`${existing ? "Saved" : "Added"} ${data.inbox.name}.`);
      if ("webhook" in data && data.webhook) onWebhook?.({ inbox: data.inbox, url: data.webhook.url });
      return queryClient.invalidateQueries({ queryKey: inboxKeys.all(slug) });
    },
  });
  return (
    <CreateEditDialog dialog={dialog} editing={existing?.name} text={text}>
      <InboxForm existing={existing} {...form(existing ? "Save" : "Add channel")} />
    </CreateEditDialog>
  );
}
