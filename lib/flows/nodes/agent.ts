import { createHash } from "node:crypto";
import { sql } from "kysely";
import { z } from "zod";
import { textOfParts } from "../../chat/parts";
import { chatRequestSchema } from "../../chat/schema";
import { stopChatReply } from "../../chat/stop";
import { startChatTurn } from "../../chat/turn";
import { messageColumns, toChatMessage } from "../../conversations/map";
import type { ChatMessage } from "../../conversations/schema";
import { runAsUser } from "../../db/rls";
import { AppError } from "../../errors";
import { logger } from "../../logger";
import { parseWith } from "../../validation";
import { defineNode } from "./define-node";
import { abortError, flowActor, type NodeActor, throwIfAborted, toJson } from "./node-actor";

const MAX_MESSAGE_CHARS = 32_000;
/** The chat path's own model budget; the node's timeout (ctx.signal) usually ends it sooner. */
const TURN_TIMEOUT_MS = 600_000;

const agentConfig = z
  .object({
    agentId: z
      .string()
      .max(100)
      .describe("The agent that answers (one of this workspace's agents).")
      .meta({ widget: "expression" }),
    message: z
      .string()
      .min(1)
      .max(MAX_MESSAGE_CHARS)
      .describe("What the agent is asked, with {{ }} expressions, e.g. {{ $trigger.body.text }}.")
      .meta({ widget: "textarea" }),
    conversation: z
      .enum(["new", "existing", "stateless"])
      .default("new")
      .describe(
        "new: start a conversation and output its id (later nodes can continue it); existing: continue conversationId with its history; stateless: a fresh conversation each time, its id not output.",
      ),
    conversationId: z
      .string()
      .max(100)
      .optional()
      .describe('existing: the conversation to continue, e.g. {{ $node["Ask"].output.conversationId }}.')
      .meta({ widget: "expression" }),
  })
  .superRefine((c, issues) => {
    if (c.conversation === "existing" && !c.conversationId) {
      issues.addIssue({
        code: "custom",
        path: ["conversationId"],
        message: "Say which conversation to continue.",
      });
    }
  });

/**
 * One chat turn of an agent, with its tools, through lib/chat exactly as the
 * web chat, /api/v1 and MCP run one: the messages are stored and metered in
 * the usage tables like any turn. lib/chat always stores a turn, so
 * "stateless" is a new conversation per run (no history carried over), not an
 * unstored one. The turn runs as the flow's actor (lib/flows/nodes/node-actor.ts).
 */
export const agentNode = defineNode({
  type: "agent",
  label: "Agent",
  category: "ai",
  description: "Runs a turn of one of your agents (with its tools), in a new or existing conversation.",
  config: agentConfig,
  inputs: ["in"],
  outputs: () => ["out"],
  sideEffects: true,
  defaultTimeoutMs: 120_000,
  async run(ctx, config) {
    if (!z.uuid().safeParse(config.agentId).success) throw new AppError("not_found", "Agent not found.");
    const continuing = config.conversation === "existing";
    if (continuing && !z.uuid().safeParse(config.conversationId).success) {
      throw new AppError("not_found", "Conversation not found.");
    }
    // The resolved message, checked as every chat surface checks it (trimmed, no NUL, not blank).
    parseWith(chatRequestSchema, { agentId: config.agentId, text: config.message, trigger: "submit" });
    const actor = await flowActor(ctx);
    throwIfAborted(ctx.signal);
    const scope = { claims: actor.claims, workspaceId: ctx.workspaceId };
    // A new (or stateless) conversation is this node's own, found again by its idempotency key: a
    // retry after a crash or a failed attempt reuses the stored answer, or answers the stored
    // question again, instead of asking twice.
    const own = continuing
      ? null
      : await ownConversation(actor, config.agentId, config.message, ctx.idempotencyKey);
    if (own?.answered) return { kind: "done", output: outputOf(config, own.id, own.answered) };
    const request = parseWith(chatRequestSchema, {
      agentId: config.agentId,
      conversationId: continuing ? config.conversationId : own?.id,
      ...(own?.asked ? { trigger: "regenerate" } : { text: config.message, trigger: "submit" }),
    });
    const turn = await startChatTurn(scope, request, {
      workspaceSlug: actor.workspaceSlug,
      timeoutMs: TURN_TIMEOUT_MS,
    });
    turn.stream.cancel().catch(() => {});
    // Cancel or timeout: stop the reply the way a member's Stop does (the model call is aborted, what it said is kept).
    const onAbort = () => {
      stopChatReply(scope, { conversationId: turn.conversationId, messageId: turn.assistantMessageId }).catch(
        (e) => logger.warn({ err: e, runId: ctx.runId }, "flows: stopping an agent turn failed"),
      );
    };
    ctx.signal.addEventListener("abort", onAbort, { once: true });
    if (ctx.signal.aborted) onAbort();
    let result: Awaited<typeof turn.result>;
    try {
      result = await turn.result;
    } finally {
      ctx.signal.removeEventListener("abort", onAbort);
    }
    if (ctx.signal.aborted) throw abortError(ctx.signal);
    const m = result.message;
    if (m.status !== "complete") {
      const error = (m.error ?? {}) as { message?: string; code?: string };
      throw new AppError("unavailable", error.message ?? "The agent could not answer.", {
        details: { reason: error.code, conversationId: result.conversationId, messageId: m.id },
      });
    }
    return { kind: "done", output: outputOf(config, result.conversationId, m) };
  },
});

type Answer = Pick<ChatMessage, "id" | "parts" | "model" | "inputTokens" | "outputTokens" | "cost">;

function outputOf(config: { conversation: string }, conversationId: string, m: Answer) {
  return toJson({
    text: textOfParts(m.parts),
    ...(config.conversation === "stateless" ? {} : { conversationId }),
    messageId: m.id,
    model: m.model,
    usage: { inputTokens: m.inputTokens, outputTokens: m.outputTokens, cost: m.cost },
  });
}

/**
 * The node's own conversation in the web inbox, keyed by its idempotency key
 * (external_ref), made through the actor's RLS; with its stored answer when a
 * complete one ends it, or `asked` when the question is stored but unanswered.
 */
async function ownConversation(
  actor: NodeActor,
  agentId: string,
  message: string,
  key: string,
): Promise<{ id: string; answered?: Answer; asked: boolean }> {
  // The same node of the same run asking the same agent the same thing: a retry, never a new question.
  const ask = createHash("sha256").update(`${agentId}\n${message}`).digest("hex").slice(0, 16);
  return runAsUser(actor.claims, async (tx) => {
    const agent = await tx
      .selectFrom("agents")
      .select("id")
      .where("workspace_id", "=", actor.workspaceId)
      .where("id", "=", agentId)
      .executeTakeFirst();
    if (!agent) throw new AppError("not_found", "Agent not found.");
    const { rows } = await sql<{ id: string }>`
      select c.id from public.get_or_create_conversation(${actor.workspaceId}::uuid,
        (select i.id from public.inboxes i where i.workspace_id = ${actor.workspaceId}::uuid and i.channel = 'web'),
        ${agentId}::uuid, ${`flow:${ask}:${key}`.slice(0, 200)}, null) c`.execute(tx);
    const id = rows[0]?.id;
    if (!id) throw new AppError("not_found", "Agent not found.");
    const last = await tx
      .selectFrom("messages")
      .select(messageColumns)
      .where("workspace_id", "=", actor.workspaceId)
      .where("conversation_id", "=", id)
      .orderBy("message_index", "desc")
      .limit(1)
      .executeTakeFirst();
    if (!last) return { id, asked: false };
    const m = toChatMessage(last);
    if (m.role === "assistant" && m.status === "complete") return { id, answered: m, asked: true };
    return { id, asked: true };
  });
}
