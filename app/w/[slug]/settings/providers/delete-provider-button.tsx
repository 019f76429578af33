"use client";

import { queryKeys } from "@/components/api/types";
import { deleteButtonFor } from "../../_components/delete-button";
import { type ProviderConnection, providerPath } from "./types";

export const DeleteProviderButton = deleteButtonFor<ProviderConnection>({
  path: providerPath,
  // Agents that used it fall back to the offline model, so agent views refresh too.
  invalidate: queryKeys.workspace,
  consequence:
    "Its saved key is erased. Agents that use this connection need another model before they can answer again.",
  confirmLabel: "Delete provider",
});
