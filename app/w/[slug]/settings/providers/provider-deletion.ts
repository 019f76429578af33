import { queryKeys } from "@/components/api/types";
import type { Deletion } from "../../_components/delete-button";
import { providerPath } from "./types";

export const providerDeletion: Deletion = {
  path: providerPath,
  // Agents that used it fall back to the offline model, so agent views refresh too.
  invalidate: queryKeys.workspace,
  consequence:
    "Its saved key is erased. Agents that use this connection need another model before they can answer again.",
  confirmLabel: "Delete provider",
};
