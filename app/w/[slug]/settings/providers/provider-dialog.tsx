"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Pencil, Plus } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { ApiError, api } from "@/components/api/client";
import { queryKeys } from "@/components/api/types";
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
import { useCurrentWorkspace } from "../../_components/workspace-context";
import { ProviderForm, type ProviderFormInput } from "./provider-form";
import {
  type CreateProviderConnectionBody,
  type ProviderConnection,
  providerPath,
  providersPath,
  type UpdateProviderConnectionBody,
} from "./types";

const fields = ["provider", "name", "baseUrl", "models", "apiKey"] as const;

function toBody(
  input: ProviderFormInput,
  existing?: ProviderConnection,
): CreateProviderConnectionBody | UpdateProviderConnectionBody {
  if (!existing) {
    return {
      provider: input.provider,
      name: input.name,
      ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}),
      models: input.models,
      ...(input.apiKey ? { apiKey: input.apiKey } : {}),
    };
  }
  return {
    name: input.name,
    // Only OpenAI-compatible connections show the field; others keep whatever they have.
    ...(existing.provider === "openai_compatible" ? { baseUrl: input.baseUrl } : {}),
    models: input.models,
    ...(input.apiKey === undefined ? {} : { apiKey: input.apiKey }),
  };
}

/** Add (no `existing`) or edit a connection. Admin+ only; the caller decides whether to render it. */
export function ProviderDialog({ existing }: { existing?: ProviderConnection }) {
  const { slug } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const errors = useFormErrors(fields);

  const save = useMutation({
    mutationFn: (input: ProviderFormInput) =>
      api<{ connection: ProviderConnection }>(
        existing ? providerPath(slug, existing.id) : providersPath(slug),
        {
          method: existing ? "PATCH" : "POST",
          body: toBody(input, existing),
        },
      ),
    onMutate: errors.reset,
    onSuccess: (_data, input) => {
      setOpen(false);
      toast.success(existing ? `Updated ${input.name}.` : `Added ${input.name}.`);
      // Connections feed the model list, so both refresh.
      return queryClient.invalidateQueries({ queryKey: queryKeys.workspace(slug) });
    },
    onError: (error, input) => {
      // The server vets the base URL (DNS, private addresses) without naming the field: put it there.
      if (
        error instanceof ApiError &&
        error.code === "bad_request" &&
        !error.details.length &&
        input.baseUrl
      ) {
        errors.setFormError(null);
        errors.setFieldErrors({ baseUrl: error.message });
      } else {
        errors.handle(error);
        // The base URL moved without the key: say it above the buttons too, not only under the field.
        if (error instanceof ApiError && error.details.some((d) => d.path === "apiKey"))
          errors.setFormError(error.message);
      }
    },
  });

  function onOpenChange(next: boolean) {
    setOpen(next);
    if (!next) errors.reset();
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        {existing ? (
          <Button variant="outline" size="sm" aria-label={`Edit ${existing.name}`}>
            <Pencil aria-hidden="true" />
            Edit
          </Button>
        ) : (
          <Button>
            <Plus aria-hidden="true" />
            Add provider
          </Button>
        )}
      </DialogTrigger>
      <DialogContent className="max-h-[calc(100dvh-2rem)] overflow-y-auto">
        <DialogHeader>
          <DialogTitle>{existing ? `Edit ${existing.name}` : "New connection"}</DialogTitle>
          <DialogDescription>
            {existing
              ? "Change the name, models or key. The provider type cannot change."
              : "Connect a model provider with your own API key, or any OpenAI-compatible server."}
          </DialogDescription>
        </DialogHeader>
        <ProviderForm
          existing={existing}
          fieldErrors={errors.fieldErrors}
          formError={errors.formError}
          onSubmit={(input) => save.mutate(input)}
          footer={
            <DialogFooter>
              <DialogClose asChild>
                <Button type="button" variant="outline" disabled={save.isPending}>
                  Cancel
                </Button>
              </DialogClose>
              <Button type="submit" loading={save.isPending}>
                {existing ? "Save" : "Add provider"}
              </Button>
            </DialogFooter>
          }
        />
      </DialogContent>
    </Dialog>
  );
}
