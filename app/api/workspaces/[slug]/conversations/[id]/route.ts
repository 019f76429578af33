import { deleteConversationOp, getConversationOp, updateConversationOp } from "@/lib/conversations/contract";
import { webRoutes } from "@/lib/http/operation-routes";

export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(
  getConversationOp,
  updateConversationOp,
  deleteConversationOp,
);
