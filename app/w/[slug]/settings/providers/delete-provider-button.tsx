"use client";

import { queryKeys } from "@/components/api/types";
import { ConfirmDeleteButton } from "@/components/confirm-delete-button";
import { useCurrentWorkspace } from "../../_components/workspace-context";
import { type ProviderConnection, providerPath } from "./types";

export function DeleteProviderButton({ connection }: { connection: ProviderConnection }) {
  const { slug } = useCurrentWorkspace();
  return (
    <ConfirmDeleteButton
      name={connection.name}
      path={providerPath(slug, connection.id)}
      // Agents that used it fall back to the offline model, so agent views refresh too.
      invalidate={queryKeys.workspace(slug)}
      consequence="Its saved key is erased. Agents that use this connection need another model before they can answer again."
      confirmLabel="Delete provider"
    />
  );
}
