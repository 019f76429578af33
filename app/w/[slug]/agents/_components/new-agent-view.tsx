"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { api } from "@/components/api/client";
import { useFormErrors } from "@/components/api/use-form-errors";
import { PageHeader } from "@/components/page-header";
import { useCurrentWorkspace } from "../../_components/workspace-context";
import { AgentForm } from "./agent-form";
import { agentFormFields, emptyAgentValues, valuesToInput } from "./agent-form-state";
import { onSaveError } from "./on-save-error";
import { type Agent, type AgentInput, agentHref, agentKeys, agentsPath, canEditAgents } from "./types";

export function NewAgentView() {
  const { slug, role } = useCurrentWorkspace();
  const router = useRouter();
  const queryClient = useQueryClient();
  const errors = useFormErrors(agentFormFields);

  const create = useMutation({
    mutationFn: (input: AgentInput) =>
      api<{ agent: Agent }>(agentsPath(slug), { method: "POST", body: input }),
    onMutate: errors.reset,
    onSuccess: async ({ agent }) => {
      toast.success(`Created ${agent.name}`, { description: `Saved as version ${agent.version}.` });
      await queryClient.invalidateQueries({ queryKey: agentKeys.all(slug) });
      router.push(agentHref(slug, agent.id));
    },
    onError: (error, input) => onSaveError(error, input.externalEndpointUrl, errors),
  });

  return (
    <div className="space-y-8">
      <PageHeader
        title="New agent"
        description="Pick a preset, name the agent and create it. Everything can be changed later."
      />
      <AgentForm
        initialValues={emptyAgentValues()}
        readOnly={!canEditAgents(role)}
        submitLabel="Create agent"
        saving={create.isPending || create.isSuccess}
        fieldErrors={errors.fieldErrors}
        formError={errors.formError}
        onValidationError={(found) => {
          errors.setFormError(null);
          errors.setFieldErrors(found);
        }}
        onSubmit={(values) => create.mutate(valuesToInput(values))}
        cancelHref={agentHref(slug)}
      />
    </div>
  );
}
