import { getWhatsAppComposerOp } from "@/lib/channels/whatsapp/contract";
import { webRoutes } from "@/lib/http/operation-routes";

export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(getWhatsAppComposerOp);
