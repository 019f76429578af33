import { widgetFrameEndpoint } from "@/lib/channels/widget/endpoints";

export const dynamic = "force-dynamic";

// The widget's iframe page (embedded by /widget.js); its headers are its own (see next.config.mjs).
export async function GET(req: Request, ctx: { params: Promise<{ publicKey: string }> }): Promise<Response> {
  return widgetFrameEndpoint(req, (await ctx.params).publicKey);
}
