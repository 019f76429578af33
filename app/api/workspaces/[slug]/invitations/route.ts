import { webRoutes } from "@/lib/http/operation-routes";
import { createInvitationOp, listInvitationsOp } from "@/lib/invitations/contract";

export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(listInvitationsOp, createInvitationOp);
