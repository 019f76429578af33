import type { Deletion } from "../_components/delete-button";
import { inboxKeys, inboxPath } from "./types";

export const inboxDeletion: Deletion = {
  path: inboxPath,
  invalidate: inboxKeys.all,
  consequence:
    "Its conversations and messages are deleted and its credentials erased; the vendor's webhooks stop working.",
  confirmLabel: "Delete channel",
};
