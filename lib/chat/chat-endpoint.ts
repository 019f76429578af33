import { env } from "../env";
import { withWorkspace } from "../http/handler";
import { chatRequestSchema } from "./schema";
import { sendChatMessage } from "./send-message";

/**
 * POST /api/workspaces/:slug/chat: one chat turn, streamed as a UI message
 * stream. Served by the Next route handler, and in production straight from
 * the app server (server/main.ts) without Next's router in between; both use
 * this one handler.
 */
export function chatEndpoint(opts: { waitUntil?: (p: Promise<unknown>) => void } = {}) {
  return withWorkspace(
    async (ctx) => {
      const req = await ctx.body(chatRequestSchema);
      return sendChatMessage({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }, req, {
        workspaceSlug: ctx.workspace.slug,
        waitUntil: opts.waitUntil,
      });
    },
    { role: "member", rateLimit: { name: "chat", max: () => env().CHAT_RATE_LIMIT, windowSeconds: 60 } },
  );
}
