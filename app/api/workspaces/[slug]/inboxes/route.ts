import { webRoutes } from "@/lib/http/operation-routes";
import { createInboxOp, listInboxesOp } from "@/lib/inboxes/contract";

// Credentials are write-only: answers carry masked hints; the webhook token only once.
export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(listInboxesOp, createInboxOp);
