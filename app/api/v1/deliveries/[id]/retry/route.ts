import { retryDeliveryOp } from "@/lib/channels/contract";
import { v1Routes } from "@/lib/http/operation-routes";

export const { GET, POST, PUT, PATCH, DELETE } = v1Routes(retryDeliveryOp);
