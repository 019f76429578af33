import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChatwootFake, startChatwootFake } from "../../../test/fakes/chatwoot-fake";
import { createGuardedFetch } from "../../net/safe-fetch";
import { type AdapterContext, adapterFor, ChannelSendError, type ConversationTarget } from "../adapters";
import "../adapters/index";

let fake: ChatwootFake;
const allowlist = process.env.SSRF_ALLOWLIST;

beforeAll(async () => {
  fake = await startChatwootFake({ accountId: 9 });
  process.env.SSRF_ALLOWLIST = "127.0.0.1";
});
afterAll(async () => {
  process.env.SSRF_ALLOWLIST = allowlist;
  await fake.stop();
});

const ctx = (o: { settings?: Record<string, unknown>; token?: string | undefined } = {}): AdapterContext => ({
  workspaceId: "00000000-0000-0000-0000-000000000001",
  inboxId: "00000000-0000-0000-0000-000000000002",
  settings: o.settings ?? { baseUrl: fake.baseUrl, accountId: 9 },
  secret: async (name) => (name === "api_token" ? ("token" in o ? o.token : fake.apiToken) : undefined),
  fetch: createGuardedFetch({ timeoutMs: 5_000 }),
});
const to = (externalRef: string | null): ConversationTarget => ({
  conversationId: "00000000-0000-0000-0000-000000000003",
  externalRef,
  contactRef: "+5491100000000",
  lastInboundAt: new Date(),
});

async function sendError(p: Promise<unknown>): Promise<ChannelSendError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ChannelSendError);
  return e as ChannelSendError;
}

describe("the Chatwoot adapter", () => {
  const adapter = () => {
    const a = adapterFor("chatwoot");
    if (!a) throw new Error("the chatwoot adapter is not registered");
    return a;
  };

  it("is registered, sends text (answering Chatwoot's id), replaces labels and opens for handoff", async () => {
    fake.conversation(70);
    const sent = await adapter().sendText(ctx(), to("70"), "Hola 👋");
    expect(sent.externalId).toBe(String(fake.conversation(70).messages[0]?.id));
    await adapter().setLabels?.(ctx(), to("70"), ["lead", "lead", "vip"]);
    expect(fake.conversation(70).labels).toEqual(["lead", "vip"]);
    await adapter().setLabels?.(ctx(), to("70"), []);
    expect(fake.conversation(70).labels).toEqual([]);
    await adapter().handoff?.(ctx(), to("70"), "The customer asked for a person.");
    expect(fake.conversation(70).status).toBe("open");
  });

  it("fails for good (not retryable) without a token, settings or a Chatwoot conversation", async () => {
    fake.conversation(71);
    expect(await sendError(adapter().sendText(ctx({ token: undefined }), to("71"), "x"))).toMatchObject({
      code: "chatwoot_no_token",
      retryable: false,
    });
    expect(await sendError(adapter().sendText(ctx({ settings: {} }), to("71"), "x"))).toMatchObject({
      code: "chatwoot_settings",
      retryable: false,
    });
    expect(await sendError(adapter().sendText(ctx(), to(null), "x"))).toMatchObject({
      code: "chatwoot_no_target",
      retryable: false,
    });
    expect(fake.conversation(71).messages).toHaveLength(0);
  });

  it("passes on whether Chatwoot's failure is worth a retry", async () => {
    fake.conversation(72);
    fake.failNext("messages", 1, 500);
    expect(await sendError(adapter().sendText(ctx(), to("72"), "x"))).toMatchObject({
      code: "chatwoot_unavailable",
      retryable: true,
    });
    expect(await sendError(adapter().sendText(ctx({ token: "revoked" }), to("72"), "x"))).toMatchObject({
      code: "chatwoot_unauthorized",
      retryable: false,
    });
  });
});
