"use client";

import { useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { CreateEditDialog, saveTo, urlErrorOnField, useFormDialog } from "@/components/form-dialog";
import { useCurrentWorkspace } from "../_components/workspace-context";
import {
  type IntegrationField,
  IntegrationForm,
  type IntegrationFormInput,
  toBody,
} from "./integration-form";
import { type Integration, integrationKeys, integrationPath, integrationsPath } from "./types";

const fields: IntegrationField[] = ["name", "url", "authType", "authHeaderName", "secret", "timeoutMs"];

const integrationText = {
  add: "Add integration",
  title: "New integration",
  create:
    "Switchboard connects to the server now to read its tools. The token never reaches the browser or the model.",
  edit: "Changing the address or credentials reconnects and re-reads the tool list.",
};

/** Register (no `existing`) or edit an integration. The page is admin-only. */
export function IntegrationDialog({ existing }: { existing?: Integration }) {
  const { slug } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  const { dialog, form } = useFormDialog({
    fields,
    mutationFn: (input: IntegrationFormInput) =>
      saveTo<{ integration: Integration }>(
        existing && integrationPath(slug, existing.id),
        integrationsPath(slug),
        toBody(input, existing),
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
    <CreateEditDialog dialog={dialog} editing={existing?.name} text={integrationText}>
      <IntegrationForm existing={existing} {...form(existing ? "Save" : "Add integration")} />
    </CreateEditDialog>
  );
}
