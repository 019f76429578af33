"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { api } from "@/components/api/client";
import { workspacePath } from "@/components/api/types";
import { useFormErrors } from "@/components/api/use-form-errors";
import { ConfirmDialog } from "@/components/confirm-delete-button";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormAlert, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useCurrentWorkspace } from "../_components/workspace-context";

const fields = ["confirm"] as const;

export function DeleteWorkspace() {
  const { slug, name } = useCurrentWorkspace();
  const [open, setOpen] = useState(false);
  const [confirm, setConfirm] = useState("");
  const errors = useFormErrors(fields);

  const remove = useMutation({
    mutationFn: () => api<{ ok: true }>(workspacePath(slug), { method: "DELETE", body: { confirm } }),
    onMutate: errors.reset,
    onSuccess: () => {
      toast.success(`Deleted ${name}.`);
      // Full load: the deleted workspace must vanish from every cached layout and query.
      window.location.assign("/");
    },
    onError: errors.handle,
  });

  function onOpenChange(next: boolean) {
    setOpen(next);
    if (!next) {
      setConfirm("");
      errors.reset();
    }
  }

  return (
    <Card className="border-destructive/50">
      <CardHeader>
        <CardTitle className="text-destructive">Danger zone</CardTitle>
        <CardDescription>
          Deleting {name} removes its members, invitations and audit log for good. This cannot be undone.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <ConfirmDialog
          open={open}
          onOpenChange={onOpenChange}
          trigger={<Button variant="destructive">Delete workspace</Button>}
          title={`Delete ${name}?`}
          description="Everyone loses access immediately and all of its data is deleted. This cannot be undone."
          confirmLabel="Delete workspace"
          pending={remove.isPending || remove.isSuccess}
          confirmDisabled={confirm !== slug}
          onConfirm={() => remove.mutate()}
        >
          <FormField
            id="delete-confirm"
            label={
              <span>
                Type <span className="font-mono font-semibold">{slug}</span> to confirm
              </span>
            }
            error={errors.fieldErrors.confirm}
          >
            <Input
              value={confirm}
              onChange={(e) => setConfirm(e.target.value)}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
            />
          </FormField>
          <FormAlert message={errors.formError} />
        </ConfirmDialog>
      </CardContent>
    </Card>
  );
}
