import { sendChatMessageAndWait } from "@/lib/chat/send-and-wait";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";
import { withApiKey } from "@/lib/http/with-api-key";
import { v1ChatInput } from "@/lib/rest-v1";

// A reply with tool calls can take a while; the model call has its own deadline inside.
export const maxDuration = 300;

/**
 * Body: { agentId, conversationId?, text }. Waits for the agent to finish and
 * answers the stored reply; without conversationId a new conversation starts.
 * A model failure is not an HTTP error: it is stored on the reply (`message.error`).
 */
export const POST = withApiKey(
  async (ctx) => {
    const input = await ctx.body(v1ChatInput);
    return sendChatMessageAndWait(
      ctx.principal.scope,
      { ...input, trigger: "submit" },
      { workspaceSlug: ctx.principal.workspace.slug },
    );
  },
  { scope: { group: "chat", access: "write" } },
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(["POST"]);
