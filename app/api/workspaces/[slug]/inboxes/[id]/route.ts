import { webRoutes } from "@/lib/http/operation-routes";
import { deleteInboxOp, getInboxOp, updateInboxOp } from "@/lib/inboxes/contract";

export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(getInboxOp, updateInboxOp, deleteInboxOp);
