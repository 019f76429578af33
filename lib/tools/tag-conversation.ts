import { tool } from "ai";
import { z } from "zod";
import { runAsUser } from "../db/rls";
import type { ToolContext } from "./context";

const tagSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, "Tags are lowercase letters, digits, - and _.");

export const tagConversationInput = z.object({
  tags: z
    .array(tagSchema)
    .min(1)
    .max(10)
    .describe('Short lowercase labels such as "lead", "refund-request".'),
});
export type TagConversationInput = z.infer<typeof tagConversationInput>;
export type TagConversationOutput = { tags: string[]; added: string[] } | { error: string };

// A conversation holds at most 50 tags (a check constraint); refusing here gives a readable error.
const MAX_TAGS = 50;

/**
 * Adds tags to the current conversation as the chatting user, so RLS decides:
 * a context pointing at another workspace's conversation updates nothing.
 */
export async function tagConversation(
  ctx: ToolContext,
  input: TagConversationInput,
): Promise<TagConversationOutput> {
  const wanted = [...new Set(input.tags)];
  const row = await runAsUser(ctx.claims, async (tx) => {
    const current = await tx
      .selectFrom("conversations")
      .select("tags")
      .where("id", "=", ctx.conversationId)
      .where("workspace_id", "=", ctx.workspaceId)
      .forUpdate()
      .executeTakeFirst();
    if (!current) return undefined;
    const added = wanted.filter((t) => !current.tags.includes(t));
    if (current.tags.length + added.length > MAX_TAGS) return { tooMany: true as const };
    if (added.length === 0) return { tags: current.tags, added };
    const updated = await tx
      .updateTable("conversations")
      .set({ tags: current.tags.concat(added) })
      .where("id", "=", ctx.conversationId)
      .where("workspace_id", "=", ctx.workspaceId)
      .returning("tags")
      .executeTakeFirst();
    return updated ? { tags: updated.tags, added } : undefined;
  });
  if (!row) return { error: "This conversation cannot be tagged (not found, or no permission)." };
  if ("tooMany" in row) return { error: `A conversation can have at most ${MAX_TAGS} tags.` };
  return row;
}

export const tagConversationTool = (ctx: ToolContext) =>
  tool({
    description: "Add one or more tags to the current conversation (for routing, reporting and follow-up).",
    inputSchema: tagConversationInput,
    execute: async (input) => tagConversation(ctx, input),
  });
