"use client";

import type { QueryKey } from "@tanstack/react-query";
import { ConfirmDeleteButton } from "@/components/confirm-delete-button";
import { useCurrentWorkspace } from "./workspace-context";

/** What is fixed per kind of workspace item: where it lives, what to refresh, what deleting does, the button's words. */
export interface Deletion {
  path: (slug: string, id: string) => string;
  invalidate: (slug: string) => QueryKey;
  consequence: string;
  confirmLabel: string;
}

/** The delete button of one workspace item of the given kind. */
export function DeleteButton({
  kind,
  item,
  compact,
}: {
  kind: Deletion;
  item: { id: string; name: string };
  compact?: boolean;
}) {
  const { slug } = useCurrentWorkspace();
  return (
    <ConfirmDeleteButton
      name={item.name}
      path={kind.path(slug, item.id)}
      invalidate={kind.invalidate(slug)}
      consequence={kind.consequence}
      confirmLabel={kind.confirmLabel}
      compact={compact}
    />
  );
}
