"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { History, MessageSquare } from "lucide-react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { api } from "@/components/api/client";
import { isAdminRole } from "@/components/api/types";
import { useFormErrors } from "@/components/api/use-form-errors";
import { formatRelative } from "@/components/format";
import { PageHeader } from "@/components/page-header";
import { QueryError } from "@/components/query-error";
import { LinkButton } from "@/components/ui/link-button";
import { useCurrentWorkspace } from "../../_components/workspace-context";
import { AgentForm } from "./agent-form";
import {
  type AgentFormValues,
  agentFormFields,
  agentToValues,
  changedFields,
  valuesToInput,
} from "./agent-form-state";
import { AgentPageSkeleton } from "./agent-page-skeleton";
import { DeleteAgentButton } from "./delete-agent-button";
import { onSaveError } from "./on-save-error";
import { type Agent, agentHref, agentKeys, agentPath, canEditAgents, type SavedAgent } from "./types";
import { useAgent } from "./use-agent";

export function EditAgentView({ id }: { id: string }) {
  const { slug, role } = useCurrentWorkspace();
  const router = useRouter();
  const queryClient = useQueryClient();
  const query = useAgent(slug, id);
  const errors = useFormErrors(agentFormFields);
  const readOnly = !canEditAgents(role);

  const save = useMutation({
    mutationFn: (patch: Partial<ReturnType<typeof valuesToInput>>) =>
      api<SavedAgent>(agentPath(slug, id), { method: "PATCH", body: patch }),
    onMutate: errors.reset,
    onSuccess: async (result) => {
      const version = result.version ?? result.agent.version;
      if (result.changed === false) toast.info(`No changes: still version ${version}.`);
      else toast.success(`Saved as version ${version}`);
      queryClient.setQueryData(agentKeys.one(slug, id), { agent: result.agent });
      await queryClient.invalidateQueries({ queryKey: agentKeys.all(slug) });
    },
    onError: (error, input) => onSaveError(error, input.externalEndpointUrl, errors),
  });

  if (query.isPending) return <AgentPageSkeleton />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => query.refetch()} />;
  const agent: Agent = query.data;

  function submit(values: AgentFormValues) {
    const patch = changedFields(valuesToInput(agentToValues(agent)), valuesToInput(values));
    if (Object.keys(patch).length === 0) {
      toast.info("Nothing to save.");
      return;
    }
    save.mutate(patch);
  }

  return (
    <div className="space-y-8">
      <PageHeader
        title={readOnly ? agent.name : `Edit ${agent.name}`}
        description={`Version ${agent.version} · updated ${formatRelative(agent.updatedAt)}`}
        actions={
          <>
            <LinkButton href={agentHref(slug, id, "/chat")} variant="outline" size="sm" icon={MessageSquare}>
              Chat
            </LinkButton>
            <LinkButton href={agentHref(slug, id, "/versions")} variant="outline" size="sm" icon={History}>
              Versions
            </LinkButton>
            {isAdminRole(role) ? (
              <DeleteAgentButton agent={agent} onDeleted={() => router.push(agentHref(slug))} />
            ) : null}
          </>
        }
      />
      <AgentForm
        key={`${agent.id}:${agent.version}`}
        initialValues={agentToValues(agent)}
        readOnly={readOnly}
        submitLabel="Save"
        saving={save.isPending}
        fieldErrors={errors.fieldErrors}
        formError={errors.formError}
        onValidationError={(found) => {
          errors.setFormError(null);
          errors.setFieldErrors(found);
        }}
        onSubmit={submit}
        cancelHref={agentHref(slug, id)}
      />
    </div>
  );
}
