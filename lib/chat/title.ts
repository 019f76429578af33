import { generateText, type LanguageModel } from "ai";
import { getDb } from "../db/client";
import { queryAsUser } from "../db/rls";
import { logger } from "../logger";
import type { ChatScope } from "./persist";

/** A title from the first words, used offline and when the model cannot be asked. */
export function fallbackTitle(text: string): string {
  const words = text.replace(/\s+/g, " ").trim().split(" ").slice(0, 8).join(" ");
  return (words.length > 60 ? `${words.slice(0, 57)}…` : words) || "New conversation";
}

/** Names a conversation after its first exchange; never fails the chat. */
export async function maybeTitleConversation(
  ctx: ChatScope,
  conversation: { id: string; title: string | null },
  firstUserText: string,
  model?: { model: LanguageModel; offline: boolean },
): Promise<void> {
  if (conversation.title) return;
  try {
    let title = fallbackTitle(firstUserText);
    if (model && !model.offline) {
      const { text } = await generateText({
        model: model.model,
        maxOutputTokens: 24,
        maxRetries: 1,
        abortSignal: AbortSignal.timeout(10_000),
        prompt: `Write a title of at most six words for a conversation that starts with the message below. Answer with the title only.\n\n${firstUserText.slice(0, 2000)}`,
      });
      const cleaned = text.replace(/^["'\s]+|["'\s.]+$/g, "").slice(0, 80);
      if (cleaned) title = cleaned;
    }
    // One statement under RLS: one round trip (queryAsUser), not BEGIN + update + COMMIT.
    await queryAsUser(
      ctx.claims,
      getDb()
        .updateTable("conversations")
        .set({ title })
        .where("workspace_id", "=", ctx.workspaceId)
        .where("id", "=", conversation.id)
        .where("title", "is", null)
        .compile(),
    );
  } catch (e) {
    logger.warn({ err: e, conversationId: conversation.id }, "chat: could not title the conversation");
  }
}
