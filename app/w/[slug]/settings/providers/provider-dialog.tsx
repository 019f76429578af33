"use client";

import { useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { ApiError } from "@/components/api/client";
import { queryKeys } from "@/components/api/types";
import { CreateEditDialog, saveTo, urlErrorOnField, useFormDialog } from "@/components/form-dialog";
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

const providerText = {
  add: "Add provider",
  title: "New connection",
  create: "Connect a model provider with your own API key, or any OpenAI-compatible server.",
  edit: "Change the name, models or key. The provider type cannot change.",
};

/** Add (no `existing`) or edit a connection. Admin+ only; the caller decides whether to render it. */
export function ProviderDialog({ existing }: { existing?: ProviderConnection }) {
  const { slug } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  const { dialog, form } = useFormDialog({
    fields,
    mutationFn: (input: ProviderFormInput) =>
      saveTo(existing && providerPath(slug, existing.id), providersPath(slug), toBody(input, existing)),
    onSuccess: (_data, input) => {
      toast.success(existing ? `Updated ${input.name}.` : `Added ${input.name}.`);
      // Connections feed the model list, so both refresh.
      return queryClient.invalidateQueries({ queryKey: queryKeys.workspace(slug) });
    },
    onError: (error, input, errors) => {
      if (urlErrorOnField(errors, "baseUrl", error, Boolean(input.baseUrl))) return;
      errors.handle(error);
      // The base URL moved without the key: say it above the buttons too, not only under the field.
      if (error instanceof ApiError && error.details.some((d) => d.path === "apiKey"))
        errors.setFormError(error.message);
    },
  });

  return (
    <CreateEditDialog dialog={dialog} editing={existing?.name} text={providerText}>
      <ProviderForm existing={existing} {...form(existing ? "Save" : "Add provider")} />
    </CreateEditDialog>
  );
}
