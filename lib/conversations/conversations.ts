import type { Updateable } from "kysely";
import { withDbErrors } from "../agents/db-errors";
import { runAsUser, type Tx } from "../db/rls";
import type { Conversations } from "../db/types";
import { AppError } from "../errors";
import { parseWith } from "../validation";
import type { WorkspaceScope } from "../workspaces";
import { conversationColumns, toConversation } from "./map";
import {
  type Conversation,
  type ConversationStatus,
  conversationIdSchema,
  type StartConversationInput,
  startConversationInput,
  tagsSchema,
  titleSchema,
  type UpdateConversationInput,
  updateConversationInput,
} from "./schema";

const notFound = () => new AppError("not_found", "Conversation not found.");

/** A malformed id cannot name a conversation: answer like an unknown one rather than a cast error. */
export function assertConversationId(id: string): void {
  if (!conversationIdSchema.safeParse(id).success) throw notFound();
}

/** Reads one conversation inside an open RLS transaction; undefined when invisible. */
export async function findConversation(tx: Tx, ctx: WorkspaceScope, id: string) {
  const row = await tx
    .selectFrom("conversations as c")
    .innerJoin("inboxes as i", "i.id", "c.inbox_id")
    .select(conversationColumns)
    .where("c.workspace_id", "=", ctx.workspaceId)
    .where("c.id", "=", id)
    .executeTakeFirst();
  return row ? toConversation(row) : undefined;
}

export async function getConversation(ctx: WorkspaceScope, id: string): Promise<Conversation> {
  assertConversationId(id);
  const conv = await runAsUser(ctx.claims, (tx) => findConversation(tx, ctx, id));
  if (!conv) throw notFound();
  return conv;
}

/** Member or above (RLS). Web chat always lands in the workspace's web inbox. */
export async function startConversation(
  ctx: WorkspaceScope,
  input: StartConversationInput,
): Promise<Conversation> {
  const v = parseWith(startConversationInput, input);
  return withDbErrors(() =>
    runAsUser(ctx.claims, async (tx) => {
      const agent = await tx
        .selectFrom("agents")
        .select("id")
        .where("workspace_id", "=", ctx.workspaceId)
        .where("id", "=", v.agentId)
        .executeTakeFirst();
      if (!agent) throw new AppError("not_found", "Agent not found.");
      const inbox = await tx
        .selectFrom("inboxes")
        .select("id")
        .where("workspace_id", "=", ctx.workspaceId)
        .where("channel", "=", "web")
        .executeTakeFirst();
      // The workspaces trigger creates it; missing means a broken install, not bad input.
      if (!inbox) throw new Error(`workspace ${ctx.workspaceId} has no web inbox`);
      const row = await tx
        .insertInto("conversations")
        .values({
          workspace_id: ctx.workspaceId,
          inbox_id: inbox.id,
          agent_id: agent.id,
          title: v.title ?? null,
          created_by: ctx.claims.sub,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const conv = await findConversation(tx, ctx, row.id);
      if (!conv) throw new Error("inserted conversation is not visible");
      return conv;
    }),
  );
}

/** Member or above (RLS): one statement for whichever of title, status, priority and tags are given. */
export async function updateConversation(
  ctx: WorkspaceScope,
  id: string,
  patch: UpdateConversationInput,
): Promise<Conversation> {
  assertConversationId(id);
  const v = parseWith(updateConversationInput, patch);
  const set: Updateable<Conversations> = {};
  if (v.title !== undefined) set.title = v.title;
  if (v.status !== undefined) set.status = v.status;
  if (v.priority !== undefined) set.priority = v.priority;
  if (v.tags !== undefined) set.tags = v.tags;
  return withDbErrors(() =>
    runAsUser(ctx.claims, async (tx) => {
      const res = await tx
        .updateTable("conversations")
        .set(set)
        .where("workspace_id", "=", ctx.workspaceId)
        .where("id", "=", id)
        .returning("id")
        .executeTakeFirst();
      const conv = await findConversation(tx, ctx, id);
      if (!conv) throw notFound();
      // Visible but filtered out of the update by RLS: a viewer.
      if (!res) throw new AppError("forbidden", "Viewers cannot change conversations.");
      return conv;
    }),
  );
}

// async so invalid input rejects the promise instead of throwing synchronously.
export async function renameConversation(
  ctx: WorkspaceScope,
  id: string,
  title: string | null,
): Promise<Conversation> {
  return updateConversation(ctx, id, { title: parseWith(titleSchema, title) });
}

export async function setConversationStatus(
  ctx: WorkspaceScope,
  id: string,
  status: ConversationStatus,
): Promise<Conversation> {
  return updateConversation(ctx, id, { status });
}

/** Replaces the whole tag set (trimmed, duplicates dropped). */
export async function setConversationTags(
  ctx: WorkspaceScope,
  id: string,
  tags: string[],
): Promise<Conversation> {
  return updateConversation(ctx, id, { tags: parseWith(tagsSchema, tags) });
}

/** Admin or above (RLS); its messages go with it. */
export async function deleteConversation(ctx: WorkspaceScope, id: string): Promise<void> {
  assertConversationId(id);
  await runAsUser(ctx.claims, async (tx) => {
    const gone = await tx
      .deleteFrom("conversations")
      .where("workspace_id", "=", ctx.workspaceId)
      .where("id", "=", id)
      .returning("id")
      .executeTakeFirst();
    if (gone) return;
    if (await findConversation(tx, ctx, id)) {
      throw new AppError("forbidden", "Only admins and owners can delete conversations.");
    }
    throw notFound();
  });
}
