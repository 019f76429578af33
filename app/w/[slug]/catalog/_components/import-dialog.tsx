"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Upload } from "lucide-react";
import { type FormEvent, useCallback, useState } from "react";
import { FormDialog, FormDialogFooter } from "@/components/form-dialog";
import { Button } from "@/components/ui/button";
import { FormAlert, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useCurrentWorkspace } from "../../_components/workspace-context";
import { ImportProgress, ImportSummary } from "./import-result";
import { catalogKeys } from "./types";
import { useCsvImport } from "./use-csv-import";

export function ImportDialog() {
  const { slug } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const refresh = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: catalogKeys.all(slug) }),
    [queryClient, slug],
  );
  const { state, start, reset } = useCsvImport(slug, refresh);
  const running = state.phase === "running";

  function onOpenChange(next: boolean) {
    // The import keeps going on the server if the dialog closes; only block closing by accident.
    if (running && !next) return;
    setOpen(next);
    if (!next) {
      reset();
      setFile(null);
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (file) void start(file);
  }

  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      trigger={
        <Button variant="outline">
          <Upload aria-hidden="true" />
          Import CSV
        </Button>
      }
      title="Import products"
      description={
        <>
          A CSV whose first row names the columns: <code>sku</code>, <code>name</code>, <code>price</code>,
          and optionally <code>description</code>, <code>currency</code>, <code>stock</code>,{" "}
          <code>active</code>. A SKU that already exists updates that product. At most 5 MB.
        </>
      }
    >
      <form onSubmit={submit} noValidate className="grid gap-4">
        <FormField id="import-file" label="CSV file">
          <Input
            type="file"
            accept=".csv,text/csv,text/plain"
            disabled={running}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              reset();
            }}
          />
        </FormField>
        {state.phase === "running" ? <ImportProgress done={state.done} total={state.total} /> : null}
        {state.phase === "failed" ? <FormAlert message={state.message} /> : null}
        {state.phase === "done" ? <ImportSummary result={state.result} /> : null}
        <FormDialogFooter
          pending={running}
          submitLabel="Import"
          cancelLabel={state.phase === "done" ? "Close" : "Cancel"}
          submitDisabled={!file || state.phase === "done"}
        />
      </form>
    </FormDialog>
  );
}
