"use client";

import { type FormEvent, useState } from "react";
import { channelLabels } from "@/components/channels/channel-meta";
import { useAgents } from "@/components/chat/queries";
import type { DialogFormProps } from "@/components/form-dialog";
import { FormAlert, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { OptionsSelect } from "@/components/ui/options-select";
import { Textarea } from "@/components/ui/textarea";
import { useCurrentWorkspace } from "../_components/workspace-context";
import { Checkbox } from "../agents/_components/checkbox";
import { channelFields, type FieldValues, type InboxFormInput, valuesOf } from "./channel-fields";
import type { CreatableChannel, Inbox } from "./types";

const CREATABLE: CreatableChannel[] = ["chatwoot", "whatsapp", "widget", "api"];

export function InboxForm({
  existing,
  fieldErrors,
  formError,
  onSubmit,
  footer,
}: DialogFormProps<Inbox, string, InboxFormInput>) {
  const { slug } = useCurrentWorkspace();
  const agents = useAgents(slug).data?.agents ?? [];
  const [channel, setChannel] = useState<CreatableChannel>(
    (existing?.channel as CreatableChannel) ?? "chatwoot",
  );
  const [name, setName] = useState(existing?.name ?? "");
  const [agentId, setAgentId] = useState(existing?.agentId ?? "none");
  const [botEnabled, setBotEnabled] = useState(existing?.botEnabled ?? true);
  const [values, setValues] = useState<FieldValues>(() => valuesOf(existing, channel));

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    onSubmit({
      channel,
      name: name.trim(),
      agentId: agentId === "none" ? null : agentId,
      botEnabled,
      values,
    });
    // Secrets are handed over once and not kept in the form.
    setValues((v) =>
      Object.fromEntries(
        Object.entries(v).map(([k, x]) => [
          k,
          channelFields[channel].find((f) => f.key === k)?.kind === "secret" ? "" : x,
        ]),
      ),
    );
  }

  return (
    <form method="post" onSubmit={submit} noValidate className="grid gap-4">
      {existing ? null : (
        <FormField id="inbox-channel" label="Channel" error={fieldErrors.channel}>
          <OptionsSelect
            value={channel}
            onValueChange={(c) => {
              setChannel(c);
              setValues(valuesOf(undefined, c));
            }}
            options={CREATABLE.map((c) => ({ value: c, label: channelLabels[c] }))}
            className="w-full"
          />
        </FormField>
      )}
      <FormField id="inbox-name" label="Name" error={fieldErrors.name}>
        <Input
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={80}
          placeholder="Store WhatsApp"
        />
      </FormField>
      <FormField id="inbox-agent" label="Agent that answers" error={fieldErrors.agentId}>
        <OptionsSelect
          value={agentId}
          onValueChange={setAgentId}
          options={[
            { value: "none", label: "No agent (people answer)" },
            ...agents.map((a) => ({ value: a.id, label: a.name })),
          ]}
          className="w-full"
        />
      </FormField>
      {channelFields[channel].map((f) => {
        const id = `inbox-${f.key}`;
        const hint = existing?.secrets[f.key];
        const description =
          f.kind === "secret"
            ? hint
              ? `Saved ${hint}. Leave empty to keep it.`
              : `${f.help ?? ""} Stored encrypted; never shown again.`.trim()
            : f.help;
        const set = (v: string) => setValues((old) => ({ ...old, [f.key]: v }));
        return (
          <FormField
            key={f.key}
            id={id}
            label={`${f.label}${f.optional ? " (optional)" : ""}`}
            error={fieldErrors[f.key]}
            description={description}
          >
            {f.as === "lines" || f.as === "templates" ? (
              <Textarea
                value={values[f.key] ?? ""}
                onChange={(e) => set(e.target.value)}
                placeholder={f.placeholder}
                spellCheck={false}
              />
            ) : (
              <Input
                type={f.kind === "secret" ? "password" : f.as === "number" ? "number" : "text"}
                value={values[f.key] ?? ""}
                onChange={(e) => set(e.target.value)}
                placeholder={f.placeholder}
                autoComplete={f.kind === "secret" ? "new-password" : "off"}
                spellCheck={false}
              />
            )}
          </FormField>
        );
      })}
      <div className="flex items-center gap-2">
        <Checkbox id="inbox-bot" checked={botEnabled} onCheckedChange={(v) => setBotEnabled(v === true)} />
        <Label htmlFor="inbox-bot">The bot answers new messages</Label>
      </div>
      <FormAlert message={formError} />
      {footer}
    </form>
  );
}
