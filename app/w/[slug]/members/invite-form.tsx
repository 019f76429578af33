"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useRef, useState } from "react";
import { toast } from "sonner";
import { api } from "@/components/api/client";
import {
  type CreatedInvitation,
  queryKeys,
  type Role,
  roleLabels,
  workspacePath,
} from "@/components/api/types";
import { useFormErrors } from "@/components/api/use-form-errors";
import { Button } from "@/components/ui/button";
import { SectionCard } from "@/components/ui/card";
import { FormAlert, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { OptionsSelect, optionsOf } from "@/components/ui/options-select";
import { useCurrentWorkspace } from "../_components/workspace-context";
import { InviteLink } from "./invite-link";

const invitableRoles: Role[] = ["viewer", "member", "admin"];
const fields = ["email", "role"] as const;

export function InviteForm() {
  const { slug } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [role, setRole] = useState<Role>("member");
  const errors = useFormErrors(fields);

  const invite = useMutation({
    mutationFn: (input: { email: string; role: Role }) =>
      api<CreatedInvitation>(workspacePath(slug, "/invitations"), { method: "POST", body: input }),
    onMutate: errors.reset,
    onSuccess: (result) => {
      formRef.current?.reset();
      toast.success(
        result.emailed
          ? `Invitation sent to ${result.invitation.email}.`
          : "Invitation created. Share the link below.",
      );
      return queryClient.invalidateQueries({ queryKey: queryKeys.workspace(slug) });
    },
    onError: errors.handle,
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("email") ?? "").trim();
    invite.mutate({ email, role });
  }

  return (
    <SectionCard
      title="Invite someone"
      description="They get a link that adds them to this workspace with the role you pick."
      contentClassName="space-y-4"
    >
      <form
        ref={formRef}
        method="post"
        onSubmit={onSubmit}
        noValidate
        className="grid gap-4 sm:grid-cols-[1fr_auto_auto] sm:items-start"
      >
        <FormField id="invite-email" label="Email" error={errors.fieldErrors.email}>
          <Input type="email" autoComplete="off" placeholder="name@company.com" required name="email" />
        </FormField>
        <FormField id="invite-role" label="Role" error={errors.fieldErrors.role}>
          <OptionsSelect
            value={role}
            onValueChange={setRole}
            options={optionsOf(invitableRoles, roleLabels)}
            className="w-full sm:w-32"
          />
        </FormField>
        <Button type="submit" loading={invite.isPending} className="sm:mt-[1.375rem]">
          Send invite
        </Button>
      </form>
      <FormAlert message={errors.formError} />
      {invite.data ? <InviteLink result={invite.data} /> : null}
    </SectionCard>
  );
}
