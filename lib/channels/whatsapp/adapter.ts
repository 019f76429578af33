import {
  type AdapterContext,
  type ChannelAdapter,
  ChannelSendError,
  type ConversationTarget,
} from "../adapters";
import { whatsappSettingsSchema } from "../settings";
import {
  DEFAULT_GRAPH_BASE_URL,
  GraphSendError,
  type GraphTarget,
  postMessage,
  type SendBody,
  splitText,
} from "./graph-client";

/**
 * WhatsApp's customer service window: a business may send free-form messages
 * for 24 hours after the customer's last message; after that only an approved
 * template. A minute is kept back so a reply queued at 23:59:59 does not
 * reach Meta after the window closed (Meta would accept it, then report it
 * failed with 131047).
 */
export const WINDOW_MS = 24 * 60 * 60 * 1000;
const WINDOW_MARGIN_MS = 60 * 1000;

export type FreeForm = { ok: true } | { ok: false; code: string; message: string };

export function canSendFreeForm(to: Pick<ConversationTarget, "lastInboundAt">, now = new Date()): FreeForm {
  const last = to.lastInboundAt;
  if (!last) {
    return {
      ok: false,
      code: "whatsapp_window_closed",
      message:
        "This customer has not written to this number yet, so WhatsApp only allows an approved template.",
    };
  }
  if (now.getTime() - last.getTime() >= WINDOW_MS - WINDOW_MARGIN_MS) {
    return {
      ok: false,
      code: "whatsapp_window_closed",
      message:
        "The customer's last message was more than 24 hours ago: WhatsApp only allows an approved template until they write again.",
    };
  }
  return { ok: true };
}

function recipient(to: ConversationTarget): string {
  const waId = to.contactRef ?? to.externalRef;
  if (!waId) {
    throw new ChannelSendError(
      "whatsapp_no_recipient",
      "This conversation has no WhatsApp number to write to.",
      {
        retryable: false,
      },
    );
  }
  return waId;
}

async function graphTarget(ctx: AdapterContext): Promise<GraphTarget> {
  const settings = whatsappSettingsSchema.safeParse(ctx.settings);
  if (!settings.success) {
    throw new ChannelSendError(
      "whatsapp_not_configured",
      "This WhatsApp inbox has no valid phone number id in its settings.",
      { retryable: false },
    );
  }
  const accessToken = await ctx.secret("access_token");
  if (!accessToken) {
    throw new ChannelSendError("whatsapp_not_configured", "This WhatsApp inbox has no access token.", {
      retryable: false,
    });
  }
  return {
    fetch: ctx.fetch,
    baseUrl: settings.data.graphBaseUrl ?? DEFAULT_GRAPH_BASE_URL,
    phoneNumberId: settings.data.phoneNumberId,
    accessToken,
  };
}

async function send(target: GraphTarget, to: string, body: SendBody): Promise<string> {
  try {
    return await postMessage(target, to, body);
  } catch (e) {
    if (e instanceof GraphSendError) {
      throw new ChannelSendError(e.code, e.message, { retryable: e.retryable, cause: e });
    }
    throw e;
  }
}

export interface TemplateSend {
  name: string;
  language: string;
  /** Values for the template body's {{1}}, {{2}}… in order. */
  bodyParams?: string[];
}

/** Sends an approved template: allowed whatever the window (it is how a business re-opens it). */
export async function sendTemplate(
  ctx: AdapterContext,
  to: ConversationTarget,
  t: TemplateSend,
): Promise<{ externalId: string }> {
  const target = await graphTarget(ctx);
  const params = t.bodyParams ?? [];
  const externalId = await send(target, recipient(to), {
    type: "template",
    template: {
      name: t.name,
      language: { code: t.language },
      ...(params.length > 0
        ? { components: [{ type: "body", parameters: params.map((text) => ({ type: "text", text })) }] }
        : {}),
    },
  });
  return { externalId };
}

export const whatsappAdapter: ChannelAdapter = {
  channel: "whatsapp",
  canSendFreeForm: (to) => canSendFreeForm(to),
  /**
   * A reply longer than the Cloud API's 4,096 characters goes out as several
   * messages; the first one's id is the delivery's (its statuses are tracked).
   * A retry after a later part failed sends the earlier parts again: rare
   * (replies are rarely that long) and better than losing the rest.
   */
  async sendText(ctx, to, text) {
    const window = canSendFreeForm(to);
    // Checked here too: a delivery retried late must fail clearly, not be reported failed by Meta later.
    if (!window.ok) throw new ChannelSendError(window.code, window.message, { retryable: false });
    const parts = splitText(text);
    if (parts.length === 0) {
      throw new ChannelSendError("whatsapp_empty_message", "An empty message cannot be sent on WhatsApp.", {
        retryable: false,
      });
    }
    const target = await graphTarget(ctx);
    const waId = recipient(to);
    let first: string | undefined;
    for (const part of parts) {
      const id = await send(target, waId, { type: "text", text: { preview_url: false, body: part } });
      first ??= id;
    }
    return { externalId: first };
  },
};
