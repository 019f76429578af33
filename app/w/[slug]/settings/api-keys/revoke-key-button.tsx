"use client";

import { Ban } from "lucide-react";
import { ConfirmDeleteButton } from "@/components/confirm-delete-button";
import { Button } from "@/components/ui/button";
import { useCurrentWorkspace } from "../../_components/workspace-context";
import { type ApiKey, apiKeyKeys, apiKeysPath } from "./types";

export function RevokeKeyButton({ apiKey }: { apiKey: ApiKey }) {
  const { slug } = useCurrentWorkspace();
  return (
    <ConfirmDeleteButton
      name={apiKey.name}
      path={apiKeysPath(slug, apiKey.id)}
      invalidate={apiKeyKeys.all(slug)}
      title={`Revoke ${apiKey.name}?`}
      done={`Revoked ${apiKey.name}.`}
      consequence={`Anything using this key (${apiKey.prefix}…) stops working on its next request. This cannot be undone.`}
      confirmLabel="Revoke key"
      trigger={
        <Button variant="ghost" size="sm" className="text-destructive" aria-label={`Revoke ${apiKey.name}`}>
          <Ban aria-hidden="true" />
          {/* Phones show the icon alone; the aria-label names the key either way. */}
          <span className="hidden sm:inline">Revoke</span>
        </Button>
      }
    />
  );
}
