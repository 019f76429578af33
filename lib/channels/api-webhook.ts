import { randomUUID } from "node:crypto";
import { z } from "zod";
import { AppError } from "../errors";
import { readJson } from "../http/body";
import { errorResponse, json } from "../http/respond";
import { enforceRateLimits } from "../rate-limit";
import { pgText } from "../validation";
import { receiveInbound } from "./inbound";
import { findInboxByWebhookToken } from "./webhook-token";

/**
 * The API channel's inbound webhook: a system of one's own (a helpdesk, an
 * app) posts its customers' messages to the inbox's secret URL; the bot's
 * replies are read back through /api/v1 (conversations, messages). Answers
 * 202 at once: the reply is the worker's.
 */
export const apiInboundBody = z
  .object({
    messageId: pgText().trim().min(1).max(200).describe("Your id for the message: a repeat is answered once"),
    conversationRef: pgText().trim().min(1).max(200).describe("Your id for the conversation"),
    text: pgText().trim().min(1).max(16_000),
    contact: z
      .object({ ref: pgText().trim().max(200).optional(), name: pgText().trim().max(200).optional() })
      .strict()
      .optional(),
  })
  .strict();

/** Per inbox, per minute: generous for a real system, a ceiling on a flood. */
const RATE_PER_MINUTE = 600;

export async function receiveApiWebhook(req: Request, token: string): Promise<Response> {
  const requestId = req.headers.get("x-request-id")?.slice(0, 64) || randomUUID();
  try {
    const inbox = await findInboxByWebhookToken("api", token);
    if (!inbox) throw new AppError("not_found", "Unknown webhook URL.");
    await enforceRateLimits([
      { key: `channel-api:${inbox.inboxId}`, max: RATE_PER_MINUTE, windowSeconds: 60 },
    ]);
    const body = await readJson(req, apiInboundBody);
    const r = await receiveInbound({
      inboxId: inbox.inboxId,
      workspaceId: inbox.workspaceId,
      externalMessageId: body.messageId,
      externalConversationRef: body.conversationRef,
      contact: body.contact ?? {},
      text: body.text,
    });
    return json(
      {
        conversationId: r.conversationId,
        messageId: r.messageId,
        duplicate: r.duplicate,
        queuedReply: r.queuedReply,
        handoff: r.handoff,
      },
      202,
      { "x-request-id": requestId },
    );
  } catch (e) {
    return errorResponse(e, requestId);
  }
}
