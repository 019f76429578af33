import { randomUUID } from "node:crypto";
import { getDb } from "../../db/client";
import { errorResponse } from "../../http/respond";
import { receiveInbound } from "../inbound";
import { setHandledBy, startHumanHandled } from "./handled-by";
import { findChatwootInbox } from "./inbox-lookup";
import { type ChatwootIngressDeps, handleChatwootWebhook } from "./webhook-ingress";
import "./adapter";

/** The Chatwoot webhook ingress on the app's database. */
export const chatwootIngressDeps: ChatwootIngressDeps = {
  lookup: (token) => findChatwootInbox(token),
  async receive(m) {
    if (m.humanAssignee) {
      await startHumanHandled(getDb(), {
        workspaceId: m.workspaceId,
        inboxId: m.inboxId,
        externalRef: m.externalConversationRef,
        by: m.humanAssignee,
      });
    }
    return receiveInbound({
      inboxId: m.inboxId,
      workspaceId: m.workspaceId,
      externalMessageId: m.externalMessageId,
      externalConversationRef: m.externalConversationRef,
      contact: m.contact,
      text: m.text,
      receivedAt: m.receivedAt,
    });
  },
  setHandler: (inbox, a) =>
    setHandledBy(getDb(), {
      workspaceId: inbox.workspaceId,
      inboxId: inbox.inboxId,
      externalRef: a.externalConversationRef,
      handledBy: a.handledBy,
      by: a.by,
    }),
};

/** The route handler (the app route and the app server's direct route): unexpected failures are a logged 500. */
export async function chatwootWebhookEndpoint(
  req: Request,
  ctx: { params: Promise<Record<string, string>> },
) {
  const requestId = req.headers.get("x-request-id")?.slice(0, 64) || randomUUID();
  try {
    const { token } = await ctx.params;
    const res = await handleChatwootWebhook(req, token ?? "", chatwootIngressDeps);
    res.headers.set("x-request-id", requestId);
    return res;
  } catch (e) {
    return errorResponse(e, requestId);
  }
}
