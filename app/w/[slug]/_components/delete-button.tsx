"use client";

import type { QueryKey } from "@tanstack/react-query";
import { ConfirmDeleteButton } from "@/components/confirm-delete-button";
import { useCurrentWorkspace } from "./workspace-context";

/**
 * The delete button of one kind of workspace item: where it lives, what to refresh, what deleting
 * it does and the confirm button's words are fixed per kind; the item comes from the caller.
 */
export function deleteButtonFor<T extends { id: string; name: string }>(kind: {
  path: (slug: string, id: string) => string;
  invalidate: (slug: string) => QueryKey;
  consequence: string;
  confirmLabel: string;
}) {
  return function DeleteButton({ item, compact }: { item: T; compact?: boolean }) {
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
  };
}
