import { after } from "next/server";
import { chatRequestSchema } from "@/lib/chat/schema";
import { sendChatMessage } from "@/lib/chat/send-message";
import { env } from "@/lib/env";
import { withWorkspace } from "@/lib/http/handler";

export const maxDuration = 300;

export const POST = withWorkspace(
  async (ctx) => {
    const req = await ctx.body(chatRequestSchema);
    return sendChatMessage({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }, req, {
      workspaceSlug: ctx.workspace.slug,
      waitUntil: after,
    });
  },
  { role: "member", rateLimit: { name: "chat", max: () => env().CHAT_RATE_LIMIT, windowSeconds: 60 } },
);
