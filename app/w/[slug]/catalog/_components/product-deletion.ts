import type { Deletion } from "../../_components/delete-button";
import { catalogKeys, productPath } from "./types";

export const productDeletion: Deletion = {
  path: productPath,
  invalidate: catalogKeys.all,
  // A product in a cart is refused by the server with a message that says what to do instead.
  consequence:
    "Agents will no longer find it. A product that is in a cart cannot be deleted: mark it inactive instead.",
  confirmLabel: "Delete product",
};
