"use client";

import { LogOut } from "lucide-react";
import { Button } from "@/components/ui/button";
import { SectionCard } from "@/components/ui/card";
import { useSignOut } from "@/components/use-sign-out";

export function SignOutCard() {
  const signOut = useSignOut();
  const busy = signOut.isPending || signOut.isSuccess;
  return (
    <SectionCard title="Sign out" description="Sign out of Switchboard on this device.">
      <Button variant="outline" loading={busy} onClick={() => signOut.mutate()}>
        {busy ? null : <LogOut aria-hidden="true" />}
        Sign out
      </Button>
    </SectionCard>
  );
}
