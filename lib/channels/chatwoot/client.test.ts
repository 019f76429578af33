import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ChatwootFake, startChatwootFake } from "../../../test/fakes/chatwoot-fake";
import { ChatwootApiError, chatwootSettings, createChatwootClient } from "./client";

let fake: ChatwootFake;
const allowlist = process.env.SSRF_ALLOWLIST;

beforeAll(async () => {
  fake = await startChatwootFake({ accountId: 3 });
  process.env.SSRF_ALLOWLIST = "127.0.0.1";
});
afterAll(async () => {
  process.env.SSRF_ALLOWLIST = allowlist;
  await fake.stop();
});
beforeEach(() => {
  fake.calls.length = 0;
});

const client = (over: { token?: string; baseUrl?: string; timeoutMs?: number } = {}) =>
  createChatwootClient({
    settings: chatwootSettings.parse({ baseUrl: over.baseUrl ?? `${fake.baseUrl}/`, accountId: 3 }),
    apiToken: over.token ?? fake.apiToken,
    timeoutMs: over.timeoutMs,
  });

async function failure(p: Promise<unknown>): Promise<ChatwootApiError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ChatwootApiError);
  return e as ChatwootApiError;
}

describe("Chatwoot REST client against the wire-format fake", () => {
  it("posts an outgoing message with the api_access_token header and answers Chatwoot's id", async () => {
    fake.conversation(41);
    const out = await client().sendMessage("41", "¡Hola! ¿En qué te ayudo?");
    expect(out.id).toMatch(/^\d+$/);
    const [call] = fake.calls;
    expect(call?.path).toBe("/api/v1/accounts/3/conversations/41/messages");
    expect(call?.headers.api_access_token).toBe(fake.apiToken);
    expect(call?.body).toMatchObject({
      content: "¡Hola! ¿En qué te ayudo?",
      message_type: "outgoing",
      private: false,
    });
    expect(fake.conversation(41).messages.map((m) => m.content)).toEqual(["¡Hola! ¿En qué te ayudo?"]);
  });

  it("replaces the label set (never merges): the fake keeps exactly the last set", async () => {
    fake.conversation(42).labels = ["old"];
    expect(await client().setLabels("42", ["lead", "vip"])).toEqual(["lead", "vip"]);
    expect(await client().setLabels("42", ["vip"])).toEqual(["vip"]);
    expect(fake.conversation(42).labels).toEqual(["vip"]);
  });

  it("toggles the status open (handoff)", async () => {
    fake.conversation(43);
    expect(await client().toggleStatus("43", "open")).toBe("open");
    expect(fake.conversation(43).status).toBe("open");
  });

  it("says a 5xx is retryable and a wrong token, unknown conversation or 422 are not", async () => {
    fake.conversation(44);
    fake.failNext("labels", 1, 503);
    const busy = await failure(client().setLabels("44", ["a"]));
    expect(busy).toMatchObject({ code: "chatwoot_unavailable", retryable: true, status: 503 });
    const token = await failure(client({ token: "wrong" }).sendMessage("44", "x"));
    expect(token).toMatchObject({ code: "chatwoot_unauthorized", retryable: false, status: 401 });
    expect(token.message).toBe("Chatwoot answered 401 to a message: Invalid Access Token");
    expect(token.message).not.toContain(fake.apiToken);
    const missing = await failure(client().sendMessage("999", "x"));
    expect(missing).toMatchObject({ code: "chatwoot_not_found", retryable: false });
    const empty = await failure(client().sendMessage("44", ""));
    expect(empty).toMatchObject({ code: "chatwoot_rejected", retryable: false, status: 422 });
  });

  it("times out a Chatwoot that does not answer (retryable)", async () => {
    fake.conversation(45);
    fake.hangNext("messages", 1);
    const slow = await failure(client({ timeoutMs: 300 }).sendMessage("45", "x"));
    expect(slow).toMatchObject({ code: "chatwoot_timeout", retryable: true });
  });

  it("refuses a private address through the SSRF guard (not retryable), without calling it", async () => {
    const blocked = await failure(client({ baseUrl: "http://10.1.2.3:3000" }).sendMessage("1", "x"));
    expect(blocked).toMatchObject({ code: "chatwoot_blocked_url", retryable: false });
    const metadata = await failure(client({ baseUrl: "http://169.254.169.254" }).setLabels("1", []));
    expect(metadata.code).toBe("chatwoot_blocked_url");
  });

  it("refuses a conversation ref that is not a Chatwoot id", async () => {
    const e = await failure(client().sendMessage("../../profile", "x"));
    expect(e).toMatchObject({ code: "chatwoot_no_target", retryable: false });
    expect(fake.calls).toHaveLength(0);
  });

  it("validates settings: http(s) only, a positive account id", () => {
    expect(chatwootSettings.safeParse({ baseUrl: "ftp://x.example", accountId: 1 }).success).toBe(false);
    expect(chatwootSettings.safeParse({ baseUrl: "https://x.example", accountId: 0 }).success).toBe(false);
    expect(chatwootSettings.parse({ baseUrl: "https://x.example/chat/", accountId: "2" })).toEqual({
      baseUrl: "https://x.example/chat",
      accountId: 2,
    });
  });
});
