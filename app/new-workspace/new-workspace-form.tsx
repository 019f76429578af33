"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { api } from "@/components/api/client";
import type { WorkspaceSummary } from "@/components/api/types";
import { useFormErrors } from "@/components/api/use-form-errors";
import { AuthForm } from "@/components/auth-form";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";

const fields = ["name", "slug"] as const;

/** Mirrors the server's slugify closely enough for a placeholder hint; the server decides. */
function suggestSlug(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
}

export function NewWorkspaceForm() {
  const router = useRouter();
  // Inputs are uncontrolled so text typed before hydration is kept; state only feeds the slug hint.
  const [nameHint, setNameHint] = useState("");
  const errors = useFormErrors(fields);

  const create = useMutation({
    mutationFn: (input: { name: string; slug?: string }) =>
      api<{ workspace: WorkspaceSummary }>("/api/workspaces", { method: "POST", body: input }),
    onMutate: errors.reset,
    onSuccess: ({ workspace }) => {
      toast.success(`Created ${workspace.name}.`);
      router.push(`/w/${workspace.slug}`);
    },
    onError: errors.handle,
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const name = String(data.get("name") ?? "").trim();
    const slug = String(data.get("slug") ?? "")
      .trim()
      .toLowerCase();
    create.mutate({ name, ...(slug ? { slug } : {}) });
  }

  return (
    <AuthForm
      onSubmit={onSubmit}
      error={errors.formError}
      submitLabel="Create workspace"
      pending={create.isPending || create.isSuccess}
    >
      <FormField id="name" label="Workspace name" error={errors.fieldErrors.name}>
        <Input name="name" onChange={(e) => setNameHint(e.target.value)} maxLength={80} required autoFocus />
      </FormField>
      <FormField
        id="slug"
        label="URL slug"
        description="Optional. Lowercase letters, digits and dashes; generated from the name if empty."
        error={errors.fieldErrors.slug}
      >
        <Input
          name="slug"
          placeholder={suggestSlug(nameHint) || "acme"}
          maxLength={48}
          autoCapitalize="none"
          spellCheck={false}
        />
      </FormField>
    </AuthForm>
  );
}
