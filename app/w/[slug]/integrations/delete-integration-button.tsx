"use client";

import { deleteButtonFor } from "../_components/delete-button";
import { type Integration, integrationKeys, integrationPath } from "./types";

export const DeleteIntegrationButton = deleteButtonFor<Integration>({
  path: integrationPath,
  invalidate: integrationKeys.all,
  consequence: "Its saved token is erased and every agent loses its tools. Past activity stays in the log.",
  confirmLabel: "Delete integration",
});
