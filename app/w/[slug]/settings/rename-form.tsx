"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { toast } from "sonner";
import { api } from "@/components/api/client";
import { queryKeys, workspacePath } from "@/components/api/types";
import { useFormErrors } from "@/components/api/use-form-errors";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { FormAlert, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useCurrentWorkspace } from "../_components/workspace-context";

const fields = ["name", "slug"] as const;

interface Updated {
  workspace: { slug: string; name: string };
}

export function RenameForm({ canEdit }: { canEdit: boolean }) {
  const current = useCurrentWorkspace();
  const router = useRouter();
  const queryClient = useQueryClient();
  const errors = useFormErrors(fields);

  const save = useMutation({
    mutationFn: (changes: { name?: string; slug?: string }) =>
      api<Updated>(workspacePath(current.slug), { method: "PATCH", body: changes }),
    onMutate: errors.reset,
    onSuccess: async ({ workspace }) => {
      toast.success("Workspace updated.");
      await queryClient.invalidateQueries({ queryKey: queryKeys.workspace(current.slug) });
      // The old slug's URL no longer resolves, so move to the new one; otherwise re-render the shell's name.
      if (workspace.slug !== current.slug) router.replace(`/w/${workspace.slug}/settings`);
      else router.refresh();
    },
    onError: errors.handle,
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const name = String(data.get("name") ?? "");
    const slug = String(data.get("slug") ?? "").toLowerCase();
    const changes: { name?: string; slug?: string } = {};
    if (name.trim() !== current.name) changes.name = name.trim();
    if (slug.trim() !== current.slug) changes.slug = slug.trim();
    if (Object.keys(changes).length === 0) {
      toast.info("Nothing to save.");
      return;
    }
    save.mutate(changes);
  }

  return (
    <Card>
      <form method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-6">
        <CardHeader>
          <CardTitle>General</CardTitle>
          <CardDescription>
            {canEdit
              ? "Renaming the URL slug changes every link to this workspace."
              : "Only admins can change these."}
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4 sm:max-w-md">
          <FormField id="workspace-name" label="Workspace name" error={errors.fieldErrors.name}>
            <Input name="name" defaultValue={current.name} disabled={!canEdit} maxLength={80} required />
          </FormField>
          <FormField
            id="workspace-slug"
            label="URL slug"
            error={errors.fieldErrors.slug}
            description={canEdit ? "1–48 lowercase letters, digits or dashes." : undefined}
          >
            <Input
              name="slug"
              defaultValue={current.slug}
              disabled={!canEdit}
              maxLength={48}
              autoCapitalize="none"
              spellCheck={false}
              required
            />
          </FormField>
          <FormAlert message={errors.formError} />
        </CardContent>
        {canEdit ? (
          <CardFooter className="border-t">
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </CardFooter>
        ) : null}
      </form>
    </Card>
  );
}
