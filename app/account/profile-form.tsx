"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { api } from "@/components/api/client";
import { type Me, queryKeys } from "@/components/api/types";
import { useFormErrors } from "@/components/api/use-form-errors";
import { QueryError } from "@/components/query-error";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { FormAlert, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";

const fields = ["displayName"] as const;

function DisplayNameForm({ user }: { user: Me["user"] }) {
  const queryClient = useQueryClient();
  const [displayName, setDisplayName] = useState(user.displayName ?? "");
  const errors = useFormErrors(fields);

  const save = useMutation({
    // An empty field clears the name; the API takes null for that.
    mutationFn: (value: string | null) =>
      api<{ user: Me["user"] }>("/api/me", { method: "PATCH", body: { displayName: value } }),
    onMutate: errors.reset,
    onSuccess: ({ user: updated }) => {
      queryClient.setQueryData<Me>(queryKeys.me, (old) => (old ? { ...old, user: updated } : old));
      toast.success("Profile saved.");
    },
    onError: errors.handle,
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate(displayName.trim() || null);
  }

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-6">
      <CardContent className="grid gap-4 sm:max-w-md">
        <FormField id="account-email" label="Email" description="Your email address is used to sign in.">
          <Input value={user.email} readOnly />
        </FormField>
        <FormField id="displayName" label="Display name" error={errors.fieldErrors.displayName}>
          <Input
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
            maxLength={80}
            autoComplete="name"
          />
        </FormField>
        <FormAlert message={errors.formError} />
      </CardContent>
      <CardFooter className="border-t">
        <Button type="submit" loading={save.isPending}>
          Save
        </Button>
      </CardFooter>
    </form>
  );
}

export function ProfileForm() {
  const me = useQuery({ queryKey: queryKeys.me, queryFn: ({ signal }) => api<Me>("/api/me", { signal }) });
  return (
    <Card>
      <CardHeader>
        <CardTitle>Profile</CardTitle>
        <CardDescription>How you appear to other members.</CardDescription>
      </CardHeader>
      {me.isPending ? (
        <CardContent className="grid gap-4 sm:max-w-md" aria-busy="true">
          <Skeleton className="h-9 w-full" />
          <Skeleton className="h-9 w-full" />
        </CardContent>
      ) : me.isError ? (
        <CardContent>
          <QueryError error={me.error} onRetry={() => me.refetch()} />
        </CardContent>
      ) : (
        <DisplayNameForm key={me.data.user.id} user={me.data.user} />
      )}
    </Card>
  );
}
