import { v1Routes } from "@/lib/http/operation-routes";
import { createInboxOp, listInboxesOp } from "@/lib/inboxes/contract";

export const { GET, POST, PUT, PATCH, DELETE } = v1Routes(listInboxesOp, createInboxOp);
