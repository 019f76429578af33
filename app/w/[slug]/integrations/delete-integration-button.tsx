"use client";

import { ConfirmDeleteButton } from "@/components/confirm-delete-button";
import { useCurrentWorkspace } from "../_components/workspace-context";
import { type Integration, integrationKeys, integrationPath } from "./types";

export function DeleteIntegrationButton({ integration }: { integration: Integration }) {
  const { slug } = useCurrentWorkspace();
  return (
    <ConfirmDeleteButton
      name={integration.name}
      path={integrationPath(slug, integration.id)}
      invalidate={integrationKeys.all(slug)}
      consequence="Its saved token is erased and every agent loses its tools. Past activity stays in the log."
      confirmLabel="Delete integration"
    />
  );
}
