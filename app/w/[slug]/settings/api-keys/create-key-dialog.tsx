"use client";

import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "@/components/api/client";
import { CreateOrEditTrigger, FormDialog, FormDialogFooter, useFormDialog } from "@/components/form-dialog";
import { FormAlert, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { type ApiKeyAccess, type ApiKeyGroup, apiKeyGroups } from "@/lib/api-keys/schema";
import { useCurrentWorkspace } from "../../_components/workspace-context";
import { type ExpiryChoice, ExpiryField, expiryToIso } from "./expiry-field";
import { ScopeFields } from "./scope-fields";
import { apiKeyKeys, apiKeysPath, type CreatedKey } from "./types";

const fields = ["name", "scopes", "expiresAt"] as const;

interface Draft {
  name: string;
  access: ApiKeyAccess;
  groups: ApiKeyGroup[];
  expiry: ExpiryChoice;
  customDate: string;
}

const initial = (): Draft => ({
  name: "",
  access: "read",
  groups: [...apiKeyGroups],
  expiry: "never",
  customDate: "",
});

/** The dialog hands the created key (with its one-time secret) up to the page and closes. */
export function CreateKeyDialog({ onCreated }: { onCreated: (created: CreatedKey) => void }) {
  const { slug } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(initial);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  const {
    dialog,
    errors,
    save: create,
  } = useFormDialog({
    fields,
    mutationFn: (body: { name: string; scopes: string[]; expiresAt: string | null }) =>
      api<CreatedKey>(apiKeysPath(slug), { method: "POST", body }),
    onSuccess: (created) => {
      setDraft(initial());
      onCreated(created);
      return queryClient.invalidateQueries({ queryKey: apiKeyKeys.all(slug) });
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    errors.reset();
    if (draft.groups.length === 0)
      return errors.setFieldErrors({ scopes: "Choose at least one tool group." });
    const expiresAt = expiryToIso(draft.expiry, draft.customDate);
    if (expiresAt === undefined) return errors.setFieldErrors({ expiresAt: "Pick a date." });
    create.mutate({ name: draft.name.trim(), scopes: [draft.access, ...draft.groups], expiresAt });
  }

  return (
    <FormDialog
      {...dialog}
      trigger={<CreateOrEditTrigger createLabel="Create key" />}
      title="New API key"
      description="For the REST API and AI assistants (MCP). The key acts in this workspace only, and never with more rights than you have."
    >
      <form className="grid gap-5" onSubmit={submit} noValidate>
        <FormAlert message={errors.formError} />
        <FormField
          id="key-name"
          label="Name"
          error={errors.fieldErrors.name}
          description="Where it is used, e.g. “Claude Desktop on Ana's laptop”."
        >
          <Input
            value={draft.name}
            onChange={(e) => set({ name: e.target.value })}
            maxLength={80}
            required
            autoComplete="off"
          />
        </FormField>
        <ScopeFields
          access={draft.access}
          groups={draft.groups}
          onAccess={(access) => set({ access })}
          onGroups={(groups) => set({ groups })}
          error={errors.fieldErrors.scopes}
        />
        <ExpiryField
          choice={draft.expiry}
          customDate={draft.customDate}
          onChoice={(expiry) => set({ expiry })}
          onCustomDate={(customDate) => set({ customDate })}
          error={errors.fieldErrors.expiresAt}
        />
        <FormDialogFooter pending={create.isPending} submitLabel="Create key" />
      </form>
    </FormDialog>
  );
}
