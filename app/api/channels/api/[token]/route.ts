import { receiveApiWebhook } from "@/lib/channels/api-webhook";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";

export async function POST(req: Request, ctx: { params: Promise<{ token: string }> }) {
  const { token } = await ctx.params;
  return receiveApiWebhook(req, token ?? "");
}

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(["POST"]);
