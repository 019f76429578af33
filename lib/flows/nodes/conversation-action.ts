import { sql } from "kysely";
import { z } from "zod";
import { requestHandoff } from "../../channels/handoff";
import { updateConversation } from "../../conversations";
import { conversationPrioritySchema, tagSchema } from "../../conversations/schema";
import type { Database } from "../../db/client";
import { runAsUser } from "../../db/rls";
import { AppError } from "../../errors";
import { pgText } from "../../validation";
import { defineNode } from "./define-node";
import { flowActor, type NodeActor, toJson, untilAborted } from "./node-actor";

export const CONVERSATION_ACTIONS = [
  "send_message",
  "add_tags",
  "remove_tags",
  "close",
  "reopen",
  "hand_over",
] as const;

const MAX_TAGS = 50;
const MAX_MESSAGE_CHARS = 32_000;

const conversationActionConfig = z
  .object({
    conversationId: z
      .string()
      .max(100)
      .describe("The conversation to act on, usually an expression such as {{ $trigger.conversationId }}.")
      .meta({ widget: "expression" }),
    action: z
      .enum(CONVERSATION_ACTIONS)
      .describe(
        "send_message: post a message as the conversation's agent; add_tags / remove_tags; close; reopen; hand_over: a person takes it (the bot goes silent, the channel is told), tagged and with its priority raised.",
      ),
    text: pgText()
      .max(MAX_MESSAGE_CHARS)
      .optional()
      .describe("send_message: the message, with {{ }} expressions.")
      .meta({ widget: "textarea" }),
    tags: z
      .array(tagSchema)
      .max(MAX_TAGS)
      .optional()
      .describe("add_tags / remove_tags: the tags (case-sensitive, as on the conversation)."),
    handoffTag: tagSchema
      .optional()
      .describe('hand_over: the tag that says "a person handles this" (default "handoff").'),
    handoffPriority: conversationPrioritySchema
      .optional()
      .describe('hand_over: the priority to set (default "high").'),
  })
  .superRefine((c, issues) => {
    if (c.action === "send_message" && !c.text?.trim()) {
      issues.addIssue({ code: "custom", path: ["text"], message: "Write the message to send." });
    }
    if ((c.action === "add_tags" || c.action === "remove_tags") && !c.tags?.length) {
      issues.addIssue({ code: "custom", path: ["tags"], message: "Name at least one tag." });
    }
  });
type Config = z.output<typeof conversationActionConfig>;

const notFound = () => new AppError("not_found", "Conversation not found.");

/**
 * Acts on a conversation as the product does: status, priority and tags through
 * lib/conversations' rules under the flow actor's RLS; a message as the
 * conversation's agent (an assistant message, written on the service path as
 * chat replies are) after the actor's own RLS read proved the conversation is
 * theirs to see. hand_over hands the conversation to people as the agent's
 * handoff_to_human tool does (lib/channels/handoff.ts: the bot goes silent, a
 * channel like Chatwoot is told), tags it and raises its priority, and leaves it open.
 */
export const conversationActionNode = defineNode({
  type: "conversation_action",
  label: "Conversation action",
  category: "action",
  description:
    "Send a message into a conversation, tag or untag it, close or reopen it, or hand it over to a person.",
  config: conversationActionConfig,
  inputs: ["in"],
  outputs: () => ["out"],
  sideEffects: true,
  defaultTimeoutMs: 30_000,
  async run(ctx, config) {
    if (!z.uuid().safeParse(config.conversationId).success) throw notFound();
    const actor = await flowActor(ctx);
    const out = await untilAborted(ctx.signal, act(ctx.db, actor, config, ctx.idempotencyKey));
    return { kind: "done", output: toJson(out) };
  },
});

async function act(db: Database, actor: NodeActor, config: Config, idempotencyKey: string) {
  const scope = { claims: actor.claims, workspaceId: actor.workspaceId };
  const id = config.conversationId;
  switch (config.action) {
    case "send_message":
      return sendMessage(db, actor, id, config.text ?? "", idempotencyKey);
    case "close":
    case "reopen":
      return summary(
        await updateConversation(scope, id, { status: config.action === "close" ? "closed" : "open" }),
      );
    case "add_tags":
      return summary(await changeTags(actor, id, (tags) => addTags(tags, config.tags ?? [])));
    case "remove_tags": {
      const drop = new Set(config.tags ?? []);
      return summary(await changeTags(actor, id, (tags) => tags.filter((t) => !drop.has(t))));
    }
    case "hand_over": {
      await changeTags(actor, id, (tags) => addTags(tags, [config.handoffTag ?? "handoff"]));
      const updated = await updateConversation(scope, id, {
        status: "open",
        priority: config.handoffPriority ?? "high",
      });
      // The actor's RLS update above proved access; now the bot goes silent and the channel is told.
      await requestHandoff(db, {
        workspaceId: actor.workspaceId,
        conversationId: id,
        reason: "Handed over by a flow.",
        by: "flow",
      });
      return { ...summary(updated), handledBy: "human" };
    }
  }
}

function addTags(current: string[], add: string[]): string[] {
  const next = [...new Set([...current, ...add])];
  if (next.length > MAX_TAGS) {
    throw new AppError("validation_failed", `A conversation can have at most ${MAX_TAGS} tags.`);
  }
  return next;
}

const summary = (c: { id: string; status: string; priority: string; tags: string[] }) => ({
  conversationId: c.id,
  status: c.status,
  priority: c.priority,
  tags: c.tags,
});

/** Read and write in one transaction, the row locked: two flows tagging at once both count. */
async function changeTags(actor: NodeActor, id: string, change: (tags: string[]) => string[]) {
  return runAsUser(actor.claims, async (tx) => {
    const current = await tx
      .selectFrom("conversations")
      .select(["id", "tags", "status", "priority"])
      .where("workspace_id", "=", actor.workspaceId)
      .where("id", "=", id)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw notFound();
    const tags = change(current.tags);
    const updated = await tx
      .updateTable("conversations")
      .set({ tags })
      .where("workspace_id", "=", actor.workspaceId)
      .where("id", "=", id)
      .returning(["id", "tags", "status", "priority"])
      .executeTakeFirst();
    if (!updated) throw new AppError("forbidden", "Viewers cannot change conversations.");
    return updated;
  });
}

/**
 * The message carries the node's idempotency key in its text part's
 * providerMetadata, so a retried or resumed node finds the message it already
 * sent instead of sending it twice (the conversation row is locked meanwhile).
 */
async function sendMessage(db: Database, actor: NodeActor, id: string, text: string, idempotencyKey: string) {
  // The actor's RLS read: the conversation must be one they can see (and so act on, as a member).
  const visible = await runAsUser(actor.claims, (tx) =>
    tx
      .selectFrom("conversations")
      .select(["id", "agent_id"])
      .where("workspace_id", "=", actor.workspaceId)
      .where("id", "=", id)
      .executeTakeFirst(),
  );
  if (!visible) throw notFound();
  const marker = { switchboard: { flowIdempotencyKey: idempotencyKey } };
  return db.transaction().execute(async (tx) => {
    const conv = await tx
      .selectFrom("conversations")
      .select(["id", "agent_id", "status", "priority", "tags"])
      .where("workspace_id", "=", actor.workspaceId)
      .where("id", "=", id)
      .forUpdate()
      .executeTakeFirst();
    if (!conv) throw notFound();
    const existing = await tx
      .selectFrom("messages")
      .select(["id", "message_index"])
      .where("workspace_id", "=", actor.workspaceId)
      .where("conversation_id", "=", id)
      .where(sql<boolean>`parts @> ${JSON.stringify([{ providerMetadata: marker }])}::jsonb`)
      .executeTakeFirst();
    const row =
      existing ??
      (await tx
        .insertInto("messages")
        .values({
          workspace_id: actor.workspaceId,
          conversation_id: id,
          role: "assistant",
          parts: JSON.stringify([{ type: "text", text, state: "done", providerMetadata: marker }]),
          status: "complete",
          agent_id: conv.agent_id,
        })
        .returning(["id", "message_index"])
        .executeTakeFirstOrThrow());
    return { ...summary(conv), messageId: row.id, messageIndex: row.message_index, sent: !existing };
  });
}
