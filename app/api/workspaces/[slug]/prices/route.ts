import { webRoutes } from "@/lib/http/operation-routes";
import { deletePriceOverrideOp, listPricesOp, upsertPriceOp } from "@/lib/providers/contract";

export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(
  listPricesOp,
  upsertPriceOp,
  deletePriceOverrideOp,
);
