"use client";

import { LogOut } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { useSignOut } from "@/components/use-sign-out";

export function SignOutCard() {
  const signOut = useSignOut();
  const busy = signOut.isPending || signOut.isSuccess;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Sign out</CardTitle>
        <CardDescription>Sign out of Switchboard on this device.</CardDescription>
      </CardHeader>
      <CardContent>
        <Button variant="outline" loading={busy} onClick={() => signOut.mutate()}>
          {busy ? null : <LogOut aria-hidden="true" />}
          Sign out
        </Button>
      </CardContent>
    </Card>
  );
}
