"use client";

import { useMutation } from "@tanstack/react-query";
import { toast } from "sonner";
import { api, errorMessage } from "@/components/api/client";
import { workspacePath } from "@/components/api/types";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { useCurrentWorkspace } from "../_components/workspace-context";

export function LeaveWorkspace() {
  const { slug, name } = useCurrentWorkspace();
  const leave = useMutation({
    mutationFn: () => api<{ ok: true }>(workspacePath(slug, "/leave"), { method: "POST" }),
    onSuccess: () => {
      toast.success(`You left ${name}.`);
      // Full load: every cached view of this workspace (router and queries) is now off limits.
      window.location.assign("/");
    },
    onError: (error) => toast.error(errorMessage(error)),
  });

  return (
    <Card>
      <CardHeader>
        <CardTitle>Leave workspace</CardTitle>
        <CardDescription>
          You will lose access to {name} until someone invites you again. The last owner cannot leave.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <AlertDialog>
          <AlertDialogTrigger asChild>
            <Button variant="outline" className="text-destructive">
              Leave workspace
            </Button>
          </AlertDialogTrigger>
          <AlertDialogContent>
            <AlertDialogHeader>
              <AlertDialogTitle>Leave {name}?</AlertDialogTitle>
              <AlertDialogDescription>
                You will lose access immediately. To come back, an admin has to invite you again.
              </AlertDialogDescription>
            </AlertDialogHeader>
            <AlertDialogFooter>
              <AlertDialogCancel disabled={leave.isPending}>Cancel</AlertDialogCancel>
              <Button
                variant="destructive"
                loading={leave.isPending || leave.isSuccess}
                onClick={() => leave.mutate()}
              >
                Leave workspace
              </Button>
            </AlertDialogFooter>
          </AlertDialogContent>
        </AlertDialog>
      </CardContent>
    </Card>
  );
}
