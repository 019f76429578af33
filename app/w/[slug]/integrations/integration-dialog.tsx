"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Pencil, Plus } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { ApiError, api } from "@/components/api/client";
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
  const [open, setOpen] = useState(false);
  const errors = useFormErrors(fields);

  const save = useMutation({
    mutationFn: (input: IntegrationFormInput) =>
      api<{ integration: Integration }>(
        existing ? integrationPath(slug, existing.id) : integrationsPath(slug),
        {
          method: existing ? "PATCH" : "POST",
          body: toBody(input, existing),
        },
      ),
    onMutate: errors.reset,
    onSuccess: ({ integration }) => {
      setOpen(false);
      if (integration.lastError) toast.warning(`Saved ${integration.name}, but: ${integration.lastError}`);
      else
        toast.success(
          `${existing ? "Updated" : "Added"} ${integration.name}: ${integration.tools.length} tools.`,
        );
      return queryClient.invalidateQueries({ queryKey: integrationKeys.all(slug) });
    },
    onError: (error, input) => {
      // The server vets the URL (DNS, private addresses) without naming the field: put it there.
      if (error instanceof ApiError && error.code === "bad_request" && !error.details.length && input.url) {
        errors.setFormError(null);
        errors.setFieldErrors({ url: error.message });
      } else errors.handle(error);
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
            Add integration
          </Button>
        )}
      </DialogTrigger>
      <DialogContent className="max-h-[calc(100dvh-2rem)] overflow-y-auto">
        <DialogHeader>
          <DialogTitle>{existing ? `Edit ${existing.name}` : "New integration"}</DialogTitle>
          <DialogDescription>
            {existing
              ? "Changing the address or credentials reconnects and re-reads the tool list."
              : "Switchboard connects to the server now to read its tools. The token never reaches the browser or the model."}
          </DialogDescription>
        </DialogHeader>
        <IntegrationForm
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
                {existing ? "Save" : "Add integration"}
              </Button>
            </DialogFooter>
          }
        />
      </DialogContent>
    </Dialog>
  );
}
