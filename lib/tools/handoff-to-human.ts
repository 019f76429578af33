import { tool } from "ai";
import { z } from "zod";
import { requestHandoff } from "../channels/handoff";
import { getDb } from "../db/client";
import { runAsUser } from "../db/rls";
import type { ToolContext } from "./context";

export const handoffInput = z.object({
  reason: z.string().trim().min(1).max(300).describe("Why a person should take over, in a few words."),
});
export type HandoffInput = z.infer<typeof handoffInput>;
export type HandoffOutput = { handedOff: true; note: string } | { error: string };

/**
 * Hands the current conversation to people: the bot stops answering it and
 * the channel is told (Chatwoot opens it for its agents). Only a customer
 * channel's conversation (Chatwoot, WhatsApp, the widget, the API) can be
 * handed off; the conversation is read as the chatting user, so RLS decides.
 */
export async function handoffToHuman(ctx: ToolContext, input: HandoffInput): Promise<HandoffOutput> {
  const conv = await runAsUser(ctx.claims, (tx) =>
    tx
      .selectFrom("conversations as c")
      .innerJoin("inboxes as i", "i.id", "c.inbox_id")
      .select(["c.handled_by", "i.channel"])
      .where("c.id", "=", ctx.conversationId)
      .where("c.workspace_id", "=", ctx.workspaceId)
      .executeTakeFirst(),
  );
  if (!conv) return { error: "This conversation cannot be handed off (not found, or no permission)." };
  if (conv.channel === "web")
    return { error: "This is the in-app chat: there is no customer channel to hand off. Answer directly." };
  await requestHandoff(getDb(), {
    workspaceId: ctx.workspaceId,
    conversationId: ctx.conversationId,
    reason: input.reason,
    by: "agent",
  });
  return {
    handedOff: true,
    note: "A person will continue this conversation. Tell the customer so briefly; do not answer further.",
  };
}

export const handoffToHumanTool = (ctx: ToolContext) =>
  tool({
    description:
      "Hand the conversation to a human team member when the customer asks for a person, is upset, or needs something you cannot do.",
    inputSchema: handoffInput,
    execute: async (input) => handoffToHuman(ctx, input),
  });
