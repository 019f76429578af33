"use client";

import { useMutation } from "@tanstack/react-query";
import { api } from "@/components/api/client";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-field";
import { useSignOut } from "@/components/use-sign-out";

export function AcceptInvitation({
  token,
  email,
  signInPath,
}: {
  token: string;
  email: string;
  signInPath: string;
}) {
  // Signing out returns here via sign-in, for when the invitation went to another address.
  const signOut = useSignOut({ redirectTo: signInPath });
  const accept = useMutation({
    mutationFn: () =>
      api<{ workspace: { slug: string; name: string } }>("/api/invitations/accept", {
        method: "POST",
        body: { token },
      }),
    onSuccess: ({ workspace }) => {
      // Full load so the workspace list in every layout includes the one just joined.
      window.location.assign(`/w/${workspace.slug}`);
    },
  });

  return (
    <div className="grid gap-4">
      <p className="text-sm text-muted-foreground">
        Signed in as <span className="font-medium text-foreground">{email}</span>
      </p>
      <FormAlert message={accept.error?.message} />
      <Button loading={accept.isPending || accept.isSuccess} onClick={() => accept.mutate()}>
        Accept invitation
      </Button>
      <Button variant="ghost" loading={signOut.isPending} onClick={() => signOut.mutate()}>
        Use a different account
      </Button>
    </div>
  );
}
