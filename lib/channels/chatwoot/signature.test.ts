import { describe, expect, it } from "vitest";
import { chatwootSignature } from "../../../test/fakes/chatwoot-fake-payloads";
import { signChatwootBody, verifyChatwootSignature } from "./signature";

const SECRET = "whsec-chatwoot-4b1d";
const body = JSON.stringify({ event: "message_created", id: 1 });
const raw = new TextEncoder().encode(body);
const now = new Date("2026-12-04T18:00:00Z");
const t = String(Math.floor(now.getTime() / 1000));
const headers = (h: Record<string, string>) => new Headers(h);

describe("verifyChatwootSignature", () => {
  it("accepts Chatwoot's sha256=<hex HMAC of '{timestamp}.{body}'>, with or without the prefix", () => {
    const sig = chatwootSignature(SECRET, t, body);
    expect(sig).toBe(signChatwootBody(SECRET, t, raw));
    expect(
      verifyChatwootSignature(
        SECRET,
        headers({ "x-chatwoot-signature": sig, "x-chatwoot-timestamp": t }),
        raw,
        now,
      ),
    ).toEqual({ ok: true });
    expect(
      verifyChatwootSignature(
        SECRET,
        headers({ "x-chatwoot-signature": sig.slice(7), "x-chatwoot-timestamp": t }),
        raw,
        now,
      ),
    ).toEqual({ ok: true });
  });

  it.each([
    ["no headers", {}],
    ["no timestamp", { "x-chatwoot-signature": chatwootSignature(SECRET, t, body) }],
    [
      "another secret",
      { "x-chatwoot-signature": chatwootSignature("other", t, body), "x-chatwoot-timestamp": t },
    ],
    [
      "a tampered timestamp",
      {
        "x-chatwoot-signature": chatwootSignature(SECRET, t, body),
        "x-chatwoot-timestamp": String(Number(t) + 1),
      },
    ],
    ["a short signature", { "x-chatwoot-signature": "sha256=abcd", "x-chatwoot-timestamp": t }],
    ["not hex", { "x-chatwoot-signature": `sha256=${"z".repeat(64)}`, "x-chatwoot-timestamp": t }],
    [
      "a malformed timestamp",
      { "x-chatwoot-signature": chatwootSignature(SECRET, t, body), "x-chatwoot-timestamp": "1e9" },
    ],
  ])("refuses %s", (_name, h) => {
    const out = verifyChatwootSignature(SECRET, headers(h as Record<string, string>), raw, now);
    expect(out.ok).toBe(false);
  });

  it("refuses a tampered body", () => {
    const sig = chatwootSignature(SECRET, t, body);
    const other = new TextEncoder().encode(body.replace("1", "2"));
    expect(
      verifyChatwootSignature(
        SECRET,
        headers({ "x-chatwoot-signature": sig, "x-chatwoot-timestamp": t }),
        other,
        now,
      ).ok,
    ).toBe(false);
  });

  it("refuses a timestamp more than 5 minutes away (a replay later)", () => {
    const old = String(Number(t) - 301);
    const sig = chatwootSignature(SECRET, old, body);
    const out = verifyChatwootSignature(
      SECRET,
      headers({ "x-chatwoot-signature": sig, "x-chatwoot-timestamp": old }),
      raw,
      now,
    );
    expect(out).toEqual({ ok: false, message: "The signature's timestamp is too old or in the future." });
  });
});
