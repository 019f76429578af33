import { z } from "zod";
import { messageColumns, toChatMessage } from "../../conversations/map";
import type { ChatMessage } from "../../conversations/schema";
import { getDb } from "../../db/client";
import { runAsService, runAsUser, type Tx } from "../../db/rls";
import { AppError } from "../../errors";
import type { WorkspaceScope } from "../../workspaces";
import { adapterContext, conversationTarget } from "../adapter-context";
import { isChannelSendError } from "../adapters";
import { requestHandoff } from "../handoff";
import { whatsappSettingsSchema } from "../settings";
import { canSendFreeForm, sendTemplate, WINDOW_MS } from "./adapter";

/**
 * The operator's side of WhatsApp's 24-hour window: whether a free-form reply
 * may be sent now, and the approved templates (listed in the inbox's
 * settings) that may always be sent. A template is sent at once, while the
 * member waits, so a refusal (an unapproved name, a wrong parameter count) is
 * shown to them instead of surfacing later as a failed delivery.
 */

export const templateSendInput = z.object({
  name: z.string().min(1).max(512),
  language: z.string().min(2).max(16),
  bodyParams: z.array(z.string().trim().min(1).max(1024)).max(10).default([]),
});
export type TemplateSendInput = z.input<typeof templateSendInput>;

export interface WhatsAppComposerState {
  windowOpen: boolean;
  /** When free-form replies stop being allowed (null: the customer never wrote). */
  windowClosesAt: Date | null;
  lastInboundAt: Date | null;
  /** Why a free-form reply is refused now, in the member's words. */
  reason: string | null;
  templates: { name: string; language: string }[];
}

interface ConversationRow {
  id: string;
  inbox_id: string;
  handled_by: string;
  external_ref: string | null;
  contact_ref: string | null;
  last_inbound_at: Date | null;
  channel: string;
  settings: unknown;
}

async function readConversation(tx: Tx, scope: WorkspaceScope, id: string, forUpdate: boolean) {
  const q = forUpdate
    ? // Members (or above) may update it: this proves the right to write in it, and marks it read.
      tx
        .updateTable("conversations as c")
        .set({ unread_count: 0 })
        .from("inboxes as i")
        .whereRef("i.id", "=", "c.inbox_id")
    : null;
  const cols = [
    "c.id",
    "c.inbox_id",
    "c.handled_by",
    "c.external_ref",
    "c.contact_ref",
    "c.last_inbound_at",
    "i.channel",
    "i.settings",
  ] as const;
  const row: ConversationRow | undefined = q
    ? await q
        .where("c.workspace_id", "=", scope.workspaceId)
        .where("c.id", "=", id)
        .returning(cols)
        .executeTakeFirst()
    : await tx
        .selectFrom("conversations as c")
        .innerJoin("inboxes as i", "i.id", "c.inbox_id")
        .select(cols)
        .where("c.workspace_id", "=", scope.workspaceId)
        .where("c.id", "=", id)
        .executeTakeFirst();
  if (!row) throw new AppError("not_found", "Conversation not found.");
  if (row.channel !== "whatsapp") throw new AppError("conflict", "This conversation is not on WhatsApp.");
  return row;
}

function templatesOf(settings: unknown): { name: string; language: string }[] {
  const parsed = whatsappSettingsSchema.safeParse(settings);
  return parsed.success ? (parsed.data.templates ?? []) : [];
}

export async function getComposerState(
  scope: WorkspaceScope,
  conversationId: string,
  now = new Date(),
): Promise<WhatsAppComposerState> {
  const row = await runAsUser(scope.claims, (tx) => readConversation(tx, scope, conversationId, false));
  const window = canSendFreeForm({ lastInboundAt: row.last_inbound_at }, now);
  return {
    windowOpen: window.ok,
    windowClosesAt: row.last_inbound_at ? new Date(row.last_inbound_at.getTime() + WINDOW_MS) : null,
    lastInboundAt: row.last_inbound_at,
    reason: window.ok ? null : window.message,
    templates: templatesOf(row.settings),
  };
}

function templateText(name: string, language: string, params: string[]): string {
  const head = `Template "${name}" (${language})`;
  return params.length > 0 ? `${head}: ${params.join(" · ")}` : head;
}

/**
 * Sends one of the inbox's approved templates to the customer, then stores it
 * as the member's message with its delivery (already sent: it carries the
 * wamid, so Meta's statuses land on it). Like any human reply, sending takes
 * the conversation over from the bot.
 */
export async function sendWhatsAppTemplate(
  scope: WorkspaceScope,
  conversationId: string,
  input: TemplateSendInput,
): Promise<{ message: ChatMessage; deliveryId: string; externalId: string }> {
  const t = templateSendInput.parse(input);
  const conv = await runAsUser(scope.claims, (tx) => readConversation(tx, scope, conversationId, true));
  const approved = templatesOf(conv.settings).some((x) => x.name === t.name && x.language === t.language);
  if (!approved) {
    throw new AppError(
      "validation_failed",
      `"${t.name}" (${t.language}) is not one of this inbox's approved templates.`,
      {
        details: [{ path: "name", message: "Choose a template listed in the inbox's settings." }],
      },
    );
  }
  const ctx = adapterContext(getDb(), {
    workspaceId: scope.workspaceId,
    inboxId: conv.inbox_id,
    settings: (conv.settings ?? {}) as Record<string, unknown>,
  });
  let externalId: string;
  try {
    ({ externalId } = await sendTemplate(ctx, conversationTarget(conv), t));
  } catch (e) {
    if (isChannelSendError(e)) {
      throw new AppError(e.retryable ? "unavailable" : "validation_failed", e.message, {
        cause: e,
        details: [{ path: "name", message: e.message }],
      });
    }
    throw e;
  }
  const text = templateText(t.name, t.language, t.bodyParams);
  return runAsService(
    "channels:whatsapp-template",
    async (tx) => {
      if (conv.handled_by === "bot") {
        await requestHandoff(tx, {
          workspaceId: scope.workspaceId,
          conversationId: conv.id,
          reason: "A member sent a template.",
          by: "member",
          userId: scope.claims.sub,
        });
      }
      const row = await tx
        .insertInto("messages")
        .values({
          workspace_id: scope.workspaceId,
          conversation_id: conv.id,
          role: "assistant",
          status: "complete",
          parts: JSON.stringify([{ type: "text", text }]),
          created_by: scope.claims.sub,
        })
        .returning(messageColumns)
        .executeTakeFirstOrThrow();
      const delivery = await tx
        .insertInto("channel_deliveries")
        .values({
          workspace_id: scope.workspaceId,
          inbox_id: conv.inbox_id,
          conversation_id: conv.id,
          message_id: row.id,
          kind: "message",
          payload: JSON.stringify({ template: t }),
          status: "sent",
          attempts: 1,
          external_id: externalId,
          // As the delivery job records an accepted send; Meta's statuses move it on.
          delivery_status: "sent",
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return { message: toChatMessage(row), deliveryId: delivery.id, externalId };
    },
    getDb(),
  );
}
