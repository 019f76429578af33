import type { Deletion } from "../_components/delete-button";
import { integrationKeys, integrationPath } from "./types";

export const integrationDeletion: Deletion = {
  path: integrationPath,
  invalidate: integrationKeys.all,
  consequence: "Its saved token is erased and every agent loses its tools. Past activity stays in the log.",
  confirmLabel: "Delete integration",
};
