"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Clock, Plus, Send, X } from "lucide-react";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { api, errorMessage } from "@/components/api/client";
import { chatKeys, conversationPath } from "@/components/chat/query-keys";
import { formatDateTime } from "@/components/format";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import type {
  WhatsAppComposerJson,
  WhatsAppTemplateBody,
  WhatsAppTemplateResultJson,
} from "@/lib/channels/whatsapp/contract";

const MAX_PARAMS = 10;

const composerKey = (slug: string, id: string) => [...chatKeys.conversation(slug, id), "whatsapp"] as const;

/** The 24-hour window's state and the inbox's approved templates; re-read with the conversation. */
export function useWhatsAppComposer(slug: string, conversationId: string) {
  return useQuery({
    queryKey: composerKey(slug, conversationId),
    queryFn: ({ signal }) =>
      api<WhatsAppComposerJson>(conversationPath(slug, conversationId, "/whatsapp"), { signal }),
    // The window closes by the clock, not by an event: look again every minute.
    refetchInterval: 60_000,
  });
}

/**
 * WhatsApp's customer service window in the reply box: while it is open, when
 * it closes; once closed, why a free-form reply is refused and the approved
 * templates that may be sent instead (with their body parameters).
 */
export function WhatsAppTemplatePicker({
  slug,
  conversationId,
  canSend,
}: {
  slug: string;
  conversationId: string;
  /** Members and above; viewers see the window's state only. */
  canSend: boolean;
}) {
  const state = useWhatsAppComposer(slug, conversationId);
  if (!state.data) return null;
  const s = state.data;
  // Between two reads the clock may pass the closing time (less the server's one-minute margin).
  const open = s.windowOpen && (!s.windowClosesAt || Date.parse(s.windowClosesAt) - 60_000 > Date.now());
  if (open) {
    return (
      <p className="flex items-center gap-1.5 text-xs text-muted-foreground">
        <Clock className="size-3.5" aria-hidden="true" />
        WhatsApp allows free-form replies until {s.windowClosesAt ? formatDateTime(s.windowClosesAt) : "—"}.
      </p>
    );
  }
  return (
    <section
      aria-label="WhatsApp 24-hour window"
      className="grid gap-3 rounded-md border border-amber-500/40 bg-amber-500/10 p-3 text-sm"
    >
      <p role="status" className="font-medium">
        {s.reason ??
          "The customer's last message was more than 24 hours ago: WhatsApp only allows an approved template until they write again."}
      </p>
      {s.templates.length === 0 ? (
        <p className="text-muted-foreground">
          No approved templates are listed in this inbox's settings. An admin can add them under Channels.
        </p>
      ) : canSend ? (
        <TemplateForm slug={slug} conversationId={conversationId} templates={s.templates} />
      ) : (
        <p className="text-muted-foreground">Members can send one of this inbox's approved templates.</p>
      )}
    </section>
  );
}

function TemplateForm({
  slug,
  conversationId,
  templates,
}: {
  slug: string;
  conversationId: string;
  templates: WhatsAppComposerJson["templates"];
}) {
  const queryClient = useQueryClient();
  const nextKey = useRef(0);
  const keyOf = (t: { name: string; language: string }) => `${t.name}:${t.language}`;
  const [choice, setChoice] = useState(keyOf(templates[0] as WhatsAppComposerJson["templates"][number]));
  // Each parameter keeps its own key, so removing one does not move focus or text to another.
  const [params, setParams] = useState<{ key: number; value: string }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const selected = templates.find((t) => keyOf(t) === choice);
  const send = useMutation({
    mutationFn: (body: WhatsAppTemplateBody) =>
      api<WhatsAppTemplateResultJson>(conversationPath(slug, conversationId, "/whatsapp/template"), {
        method: "POST",
        body,
      }),
    onSuccess: () => {
      setError(null);
      setParams([]);
      toast.success("Template sent.");
      return queryClient.invalidateQueries({ queryKey: chatKeys.conversation(slug, conversationId) });
    },
    onError: (e) => setError(errorMessage(e)),
  });

  return (
    <form
      className="grid gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (!selected) return;
        send.mutate({
          name: selected.name,
          language: selected.language,
          bodyParams: params.map((p) => p.value.trim()).filter(Boolean),
        });
      }}
    >
      <div className="flex flex-col gap-2 sm:flex-row">
        <Select value={choice} onValueChange={setChoice} disabled={send.isPending}>
          <SelectTrigger aria-label="Approved template" size="sm" className="sm:w-64">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {templates.map((t) => (
              <SelectItem key={keyOf(t)} value={keyOf(t)}>
                {t.name} · {t.language}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        <Button type="submit" size="sm" disabled={!selected || send.isPending}>
          <Send aria-hidden="true" />
          {send.isPending ? "Sending…" : "Send template"}
        </Button>
      </div>
      {params.map(({ key, value }, i) => (
        <div key={key} className="flex items-center gap-1">
          <Input
            aria-label={`Template parameter {{${i + 1}}}`}
            placeholder={`{{${i + 1}}}`}
            maxLength={1024}
            value={value}
            disabled={send.isPending}
            onChange={(e) =>
              setParams(params.map((p) => (p.key === key ? { key, value: e.target.value } : p)))
            }
          />
          <Button
            type="button"
            variant="ghost"
            size="icon"
            aria-label={`Remove parameter {{${i + 1}}}`}
            onClick={() => setParams(params.filter((p) => p.key !== key))}
          >
            <X aria-hidden="true" />
          </Button>
        </div>
      ))}
      {params.length < MAX_PARAMS ? (
        <Button
          type="button"
          variant="ghost"
          size="sm"
          className="w-fit"
          disabled={send.isPending}
          onClick={() => setParams([...params, { key: nextKey.current++, value: "" }])}
        >
          <Plus aria-hidden="true" />
          Add a body parameter
        </Button>
      ) : null}
      {error ? (
        <p role="alert" className="text-destructive">
          {error}
        </p>
      ) : null}
    </form>
  );
}
