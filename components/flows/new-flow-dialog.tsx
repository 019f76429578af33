"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { api, errorMessage } from "@/components/api/client";
import { FormDialog, FormDialogFooter } from "@/components/form-dialog";
import { Button } from "@/components/ui/button";
import { FormAlert, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { OptionsSelect } from "@/components/ui/options-select";
import { flowTemplates } from "@/lib/flows/templates";
import { type Flow, flowKeys, flowsPath } from "./api-types";

const BLANK = "blank";
const blankGraph = {
  nodes: [
    {
      id: "manual_trigger_1",
      type: "manual_trigger",
      name: "Manual trigger",
      config: {},
      position: { x: 0, y: 0 },
      disabled: false,
    },
  ],
  edges: [],
};

/** Creates a flow, blank (a manual trigger) or from a starter template, and opens it in the editor. */
export function NewFlowDialog({ slug, label = "New flow" }: { slug: string; label?: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [template, setTemplate] = useState(BLANK);
  const [nameError, setNameError] = useState<string>();
  const create = useMutation({
    mutationFn: () => {
      const t = flowTemplates.find((x) => x.id === template);
      return api<{ flow: Flow }>(flowsPath(slug), {
        method: "POST",
        body: { name: name.trim(), description: t?.description ?? "", graph: t?.graph ?? blankGraph },
      });
    },
    onSuccess: ({ flow }) => {
      void queryClient.invalidateQueries({ queryKey: flowKeys.all(slug) });
      router.push(`/w/${slug}/flows/${flow.id}`);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setNameError("Give the flow a name.");
    setNameError(undefined);
    create.mutate();
  };
  return (
    <FormDialog
      open={open}
      onOpenChange={(o) => {
        if (o) create.reset();
        setOpen(o);
      }}
      trigger={
        <Button>
          <Plus aria-hidden="true" />
          {label}
        </Button>
      }
      title="New flow"
      description="Start from a blank flow with a manual trigger, or from a starter template."
    >
      <form onSubmit={submit} className="grid gap-4" noValidate>
        <FormAlert message={create.error ? errorMessage(create.error) : null} />
        <FormField id="flow-name" label="Name" error={nameError}>
          <Input value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />
        </FormField>
        <FormField id="flow-template" label="Start from">
          <OptionsSelect
            value={template}
            onValueChange={(v) => {
              setTemplate(v);
              const t = flowTemplates.find((x) => x.id === v);
              if (t && !name.trim()) setName(t.name);
            }}
            options={[
              { value: BLANK, label: "Blank flow" },
              ...flowTemplates.map((t) => ({ value: t.id, label: t.name })),
            ]}
          />
        </FormField>
        <FormDialogFooter pending={create.isPending} submitLabel="Create flow" />
      </form>
    </FormDialog>
  );
}
