import { describe, expect, it } from "vitest";
import { signWhatsAppBody } from "@/test/fakes/whatsapp-graph-fake-webhooks";
import { isValidSignature } from "./signature";
import { answerSubscription } from "./verify-subscription";

const enc = (s: string) => new TextEncoder().encode(s);

describe("X-Hub-Signature-256", () => {
  const secret = "app-secret-0123456789";
  const body = '{"object":"whatsapp_business_account","entry":[]}';

  it("accepts the HMAC of the raw body, in either hex case", () => {
    const header = signWhatsAppBody(secret, body);
    expect(isValidSignature(secret, header, enc(body))).toBe(true);
    expect(isValidSignature(secret, `sha256=${header.slice(7).toUpperCase()}`, enc(body))).toBe(true);
  });

  it("refuses another secret, a changed body, a re-serialised body and malformed headers", () => {
    const header = signWhatsAppBody(secret, body);
    expect(isValidSignature("other-secret", header, enc(body))).toBe(false);
    expect(isValidSignature(secret, header, enc(`${body} `))).toBe(false);
    const spaced = JSON.stringify(JSON.parse(body), null, 1);
    expect(isValidSignature(secret, header, enc(spaced))).toBe(false);
    for (const bad of [
      null,
      "",
      header.slice(7),
      `sha1=${header.slice(7)}`,
      `${header}00`,
      header.slice(0, -2),
      `sha256=${"z".repeat(64)}`,
      `sha256=${"0".repeat(64)}`,
    ]) {
      expect(isValidSignature(secret, bad, enc(body)), String(bad)).toBe(false);
    }
  });
});

describe("the GET subscription check", () => {
  const url = (q: Record<string, string>) =>
    new URL(`https://app.example/api/channels/whatsapp/tok?${new URLSearchParams(q)}`);

  it("echoes hub.challenge as text/plain when the verify token matches", async () => {
    const res = answerSubscription(
      url({ "hub.mode": "subscribe", "hub.verify_token": "vt-1", "hub.challenge": "1158201444" }),
      "vt-1",
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await res.text()).toBe("1158201444");
  });

  it.each([
    ["a wrong token", { "hub.mode": "subscribe", "hub.verify_token": "vt-2", "hub.challenge": "1" }, "vt-1"],
    [
      "a longer token",
      { "hub.mode": "subscribe", "hub.verify_token": "vt-1x", "hub.challenge": "1" },
      "vt-1",
    ],
    ["no token", { "hub.mode": "subscribe", "hub.challenge": "1" }, "vt-1"],
    ["another mode", { "hub.mode": "unsubscribe", "hub.verify_token": "vt-1", "hub.challenge": "1" }, "vt-1"],
    [
      "an inbox without a verify token",
      { "hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "1" },
      undefined,
    ],
  ])("refuses %s with 403", async (_label, q, token) => {
    const res = answerSubscription(url(q as Record<string, string>), token);
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("forbidden");
  });

  it("refuses a missing or markup challenge with 400 rather than reflecting it", async () => {
    for (const challenge of [undefined, "<script>", "x".repeat(129)]) {
      const q: Record<string, string> = { "hub.mode": "subscribe", "hub.verify_token": "vt-1" };
      if (challenge !== undefined) q["hub.challenge"] = challenge;
      expect(answerSubscription(url(q), "vt-1").status).toBe(400);
    }
  });
});
