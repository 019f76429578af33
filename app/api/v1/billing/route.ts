import { getBillingOp } from "@/lib/billing/contract";
import { v1Routes } from "@/lib/http/operation-routes";

export const { GET, POST, PUT, PATCH, DELETE } = v1Routes(getBillingOp);
