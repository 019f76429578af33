import {
  type AdapterContext,
  type ChannelAdapter,
  ChannelSendError,
  type ConversationTarget,
  registerAdapter,
} from "../adapters";
import { ChatwootApiError, chatwootSettings, createChatwootClient } from "./client";

/**
 * The Chatwoot channel: replies are posted to the Chatwoot conversation
 * (`conversations.external_ref` holds its display id) with the inbox's access
 * token; labels mirror the conversation's tags (the whole set each time:
 * Chatwoot's labels endpoint replaces); a handoff opens the conversation for
 * Chatwoot's human agents (toggle_status open: bot conversations are pending).
 */
async function clientFor(ctx: AdapterContext) {
  const settings = chatwootSettings.safeParse(ctx.settings);
  if (!settings.success) {
    throw new ChannelSendError(
      "chatwoot_settings",
      "This inbox's Chatwoot settings are incomplete (base URL and account id).",
      { retryable: false },
    );
  }
  const apiToken = await ctx.secret("api_token");
  if (!apiToken) {
    throw new ChannelSendError("chatwoot_no_token", "This inbox has no Chatwoot access token.", {
      retryable: false,
    });
  }
  const fetch = ctx.fetch as (url: string, init: RequestInit) => Promise<Response>;
  return createChatwootClient({ settings: settings.data, apiToken, fetch });
}

function conversationRef(to: ConversationTarget): string {
  if (!to.externalRef) {
    throw new ChannelSendError(
      "chatwoot_no_target",
      "This conversation is not linked to a Chatwoot conversation.",
      {
        retryable: false,
      },
    );
  }
  return to.externalRef;
}

/** Runs one Chatwoot call, turning its failure into the ChannelSendError the delivery worker reads. */
async function vendorCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ChatwootApiError) {
      throw new ChannelSendError(e.code, e.message, { retryable: e.retryable, cause: e });
    }
    throw e;
  }
}

export const chatwootAdapter: ChannelAdapter = {
  channel: "chatwoot",
  async sendText(ctx, to, text) {
    const ref = conversationRef(to);
    const client = await clientFor(ctx);
    const out = await vendorCall(() => client.sendMessage(ref, text));
    return { externalId: out.id };
  },
  async setLabels(ctx, to, tags) {
    const ref = conversationRef(to);
    const client = await clientFor(ctx);
    await vendorCall(() => client.setLabels(ref, [...new Set(tags)]));
  },
  async handoff(ctx, to) {
    const ref = conversationRef(to);
    const client = await clientFor(ctx);
    await vendorCall(() => client.toggleStatus(ref, "open"));
  },
};

registerAdapter(chatwootAdapter);
