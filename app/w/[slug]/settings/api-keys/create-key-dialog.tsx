"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { type FormEvent, useState } from "react";
import { api } from "@/components/api/client";
import { useFormErrors } from "@/components/api/use-form-errors";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
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
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<Draft>(initial);
  const errors = useFormErrors(fields);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  const create = useMutation({
    mutationFn: (body: { name: string; scopes: string[]; expiresAt: string | null }) =>
      api<CreatedKey>(apiKeysPath(slug), { method: "POST", body }),
    onMutate: errors.reset,
    onSuccess: (created) => {
      setOpen(false);
      setDraft(initial());
      onCreated(created);
      return queryClient.invalidateQueries({ queryKey: apiKeyKeys.all(slug) });
    },
    onError: errors.handle,
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

  function onOpenChange(next: boolean) {
    setOpen(next);
    if (!next) errors.reset();
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button>
          <Plus aria-hidden="true" />
          Create key
        </Button>
      </DialogTrigger>
      <DialogContent className="max-h-[calc(100dvh-2rem)] overflow-y-auto">
        <DialogHeader>
          <DialogTitle>New API key</DialogTitle>
          <DialogDescription>
            For the REST API and AI assistants (MCP). The key acts in this workspace only, and never with more
            rights than you have.
          </DialogDescription>
        </DialogHeader>
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
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="outline" disabled={create.isPending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" loading={create.isPending}>
              Create key
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
