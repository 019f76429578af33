import {
  type AdapterChannel,
  adapterFor,
  type ChannelAdapter,
  ChannelSendError,
  registerAdapter,
  unregisterAdapter,
} from "@/lib/channels/adapters";

/**
 * Installs a small adapter for `channel` that talks HTTP to a
 * channel-vendor fake (settings.baseUrl, the api_token secret as a header)
 * through the adapter context's guarded fetch. Answers a function that puts
 * the previous adapter back.
 */
export function installFakeAdapter(
  channel: AdapterChannel,
  extra: Partial<Pick<ChannelAdapter, "canSendFreeForm">> = {},
): () => void {
  const previous = adapterFor(channel);
  const post = async (ctx: Parameters<ChannelAdapter["sendText"]>[0], path: string, body: unknown) => {
    const res = await ctx.fetch(`${String(ctx.settings.baseUrl)}${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        api_access_token: (await ctx.secret("api_token")) ?? "",
      },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { id?: string };
    if (!res.ok)
      throw new ChannelSendError(`http_${res.status}`, `The vendor answered ${res.status}.`, {
        retryable: res.status >= 500 || res.status === 429,
      });
    return json;
  };
  registerAdapter({
    channel,
    async sendText(ctx, to, text) {
      const r = await post(ctx, `/conversations/${to.externalRef}/messages`, { content: text });
      return { externalId: r.id };
    },
    async setLabels(ctx, to, tags) {
      await post(ctx, `/conversations/${to.externalRef}/labels`, { labels: tags });
    },
    async handoff(ctx, to, reason) {
      await post(ctx, `/conversations/${to.externalRef}/toggle_status`, { status: "open", reason });
    },
    ...extra,
  });
  return () => {
    if (previous) registerAdapter(previous);
    else unregisterAdapter(channel);
  };
}
