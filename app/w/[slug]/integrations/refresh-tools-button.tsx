"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { RefreshCw } from "lucide-react";
import { toast } from "sonner";
import { api, errorMessage } from "@/components/api/client";
import { Button } from "@/components/ui/button";
import { useCurrentWorkspace } from "../_components/workspace-context";
import { integrationKeys, integrationPath, type RefreshResult } from "./types";

/** Re-reads the server's tools/list; a failure keeps the old list and shows the reason on the card. */
export function RefreshToolsButton({ id }: { id: string }) {
  const { slug } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  const refresh = useMutation({
    mutationFn: () => api<RefreshResult>(integrationPath(slug, id, "/refresh"), { method: "POST" }),
    onSuccess: (result) => {
      if (result.ok) toast.success(`Found ${result.integration.tools.length} tools.`);
      else toast.error(result.error ?? "The tool list could not be read.");
      return queryClient.invalidateQueries({ queryKey: integrationKeys.all(slug) });
    },
    onError: (error) => toast.error(errorMessage(error)),
  });
  return (
    <Button variant="outline" size="sm" loading={refresh.isPending} onClick={() => refresh.mutate()}>
      <RefreshCw aria-hidden="true" />
      Refresh tools
    </Button>
  );
}
