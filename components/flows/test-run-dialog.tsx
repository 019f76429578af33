"use client";

import { useMutation } from "@tanstack/react-query";
import { type FormEvent, type ReactElement, useState } from "react";
import { api, errorMessage } from "@/components/api/client";
import { FormDialog, FormDialogFooter } from "@/components/form-dialog";
import { FormAlert, FormField } from "@/components/ui/form-field";
import { Textarea } from "@/components/ui/textarea";
import { type FlowGraph, flowPath } from "./api-types";

/** The manual trigger's sample input, if the flow has one, as the dialog's starting text. */
function sampleOf(graph: FlowGraph): string {
  const trigger = graph.nodes.find((n) => n.type === "manual_trigger");
  const sample = trigger?.config.sampleInput;
  if (typeof sample !== "string") return "{}";
  try {
    return JSON.stringify(JSON.parse(sample), null, 2);
  } catch {
    return sample;
  }
}

/** "Test run": saves the draft, then starts a run of it with the given JSON input. */
export function TestRunDialog({
  slug,
  flowId,
  graph,
  beforeRun,
  onStarted,
  trigger,
}: {
  slug: string;
  flowId: string;
  graph: FlowGraph;
  beforeRun: () => Promise<boolean>;
  onStarted: (runId: string) => void;
  trigger: ReactElement;
}) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [jsonError, setJsonError] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: async (input: unknown) => {
      if (!(await beforeRun())) throw new Error("Fix the save error before a test run.");
      return api<{ run: { id: string } }>(`${flowPath(slug, flowId)}/runs`, {
        method: "POST",
        body: { input, source: "draft" },
      });
    },
    onSuccess: (res) => {
      onStarted(res.run.id);
      setOpen(false);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    let input: unknown;
    try {
      input = text.trim() === "" ? {} : JSON.parse(text);
    } catch {
      setJsonError("Not valid JSON");
      return;
    }
    setJsonError(null);
    run.mutate(input);
  };
  return (
    <FormDialog
      open={open}
      onOpenChange={(o) => {
        if (o) {
          setText(sampleOf(graph));
          run.reset();
        }
        setOpen(o);
      }}
      trigger={trigger}
      title="Test run"
      description="Runs the current draft with this input. Each node's status shows live on the canvas."
    >
      <form onSubmit={submit} className="grid gap-4" noValidate>
        <FormAlert message={run.error ? errorMessage(run.error) : null} />
        <FormField id="test-run-input" label="Input (JSON)" error={jsonError ?? undefined}>
          <Textarea
            rows={8}
            className="font-mono text-xs"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </FormField>
        <FormDialogFooter pending={run.isPending} submitLabel="Run" />
      </form>
    </FormDialog>
  );
}
