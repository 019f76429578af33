import { v1Routes } from "@/lib/http/operation-routes";
import { deleteInboxOp, getInboxOp, updateInboxOp } from "@/lib/inboxes/contract";

export const { GET, POST, PUT, PATCH, DELETE } = v1Routes(getInboxOp, updateInboxOp, deleteInboxOp);
