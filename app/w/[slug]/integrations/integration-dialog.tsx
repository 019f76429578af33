"use client";

import { useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { api } from "@/components/api/client";
import {
  CreateOrEditTrigger,
  FormDialog,
  FormDialogFooter,
  urlErrorOnField,
  useFormDialog,
} from "@/components/form-dialog";
import { useCurrentWorkspace } from "../_components/workspace-context";
import {
  type IntegrationField,
  IntegrationForm,
  type IntegrationFormInput,
  toBody,
} from "./integration-form";
import { type Integration, integrationKeys, integrationPath, integrationsPath } from "./types";

const fields: IntegrationField[] = ["name", "url", "authType", "authHeaderName", "secret", "timeoutMs"];

/** Register (no `existing`) or edit an integration. The page is admin-only. */
export function IntegrationDialog({ existing }: { existing?: Integration }) {
  const { slug } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  const { errors, save, ...dialog } = useFormDialog({
    fields,
    mutationFn: (input: IntegrationFormInput) =>
      api<{ integration: Integration }>(
        existing ? integrationPath(slug, existing.id) : integrationsPath(slug),
        { method: existing ? "PATCH" : "POST", body: toBody(input, existing) },
      ),
    onSuccess: ({ integration }) => {
      if (integration.lastError) toast.warning(`Saved ${integration.name}, but: ${integration.lastError}`);
      else
        toast.success(
          `${existing ? "Updated" : "Added"} ${integration.name}: ${integration.tools.length} tools.`,
        );
      return queryClient.invalidateQueries({ queryKey: integrationKeys.all(slug) });
    },
    onError: (error, input, errors) => {
      if (!urlErrorOnField(errors, "url", error, Boolean(input.url))) errors.handle(error);
    },
  });

  return (
    <FormDialog
      {...dialog}
      trigger={<CreateOrEditTrigger editing={existing?.name} createLabel="Add integration" />}
      title={existing ? `Edit ${existing.name}` : "New integration"}
      description={
        existing
          ? "Changing the address or credentials reconnects and re-reads the tool list."
          : "Switchboard connects to the server now to read its tools. The token never reaches the browser or the model."
      }
    >
      <IntegrationForm
        existing={existing}
        fieldErrors={errors.fieldErrors}
        formError={errors.formError}
        onSubmit={(input) => save.mutate(input)}
        footer={
          <FormDialogFooter pending={save.isPending} submitLabel={existing ? "Save" : "Add integration"} />
        }
      />
    </FormDialog>
  );
}
