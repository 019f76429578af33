import { stopChatReply, stopRequestBody } from "@/lib/chat/stop";
import { conversationIdSchema } from "@/lib/conversations";
import { withWorkspace } from "@/lib/http/handler";
import { parseWith } from "@/lib/validation";

/** Stops the reply being generated (or the given one): the model call ends, the text so far is kept. */
export const POST = withWorkspace(
  async (ctx) => {
    const conversationId = parseWith(conversationIdSchema, ctx.params.id);
    const body = await ctx.body(stopRequestBody);
    return stopChatReply(
      { claims: ctx.session.claims, workspaceId: ctx.workspace.id },
      { conversationId, messageId: body.messageId },
    );
  },
  { role: "member" },
);
