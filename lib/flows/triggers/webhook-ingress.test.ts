import { describe, expect, it } from "vitest";
import { eventTriggerConfig } from "../nodes/event-trigger";
import { webhookTriggerConfig } from "../nodes/webhook-trigger";
import { matchesFilter } from "./events";
import {
  bodyKind,
  deliveryId,
  parseBody,
  readCappedBody,
  responseFrom,
  signWebhook,
  verifySignature,
  visibleHeaders,
  WebhookRefusal,
} from "./webhook-ingress";

const enc = (s: string) => new TextEncoder().encode(s);

async function refusal(p: Promise<unknown>): Promise<WebhookRefusal> {
  try {
    await p;
  } catch (e) {
    if (e instanceof WebhookRefusal) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("webhook request parsing", () => {
  it("knows JSON (and +json), form and text; nothing else", () => {
    expect(bodyKind("application/json; charset=utf-8")).toBe("json");
    expect(bodyKind("application/cloudevents+json")).toBe("json");
    expect(bodyKind("application/x-www-form-urlencoded")).toBe("form");
    expect(bodyKind("Text/Plain")).toBe("text");
    for (const t of [null, "", "application/xml", "multipart/form-data; boundary=x", "application/jsonx"]) {
      expect(bodyKind(t)).toBeNull();
    }
  });

  it("parses bodies; bad JSON and bad UTF-8 are 400s", async () => {
    expect(parseBody("json", enc('{"a":[1]}'))).toEqual({ a: [1] });
    expect(parseBody("json", enc(""))).toBeNull();
    expect(parseBody("form", enc("a=1&a=2&b=%20x"))).toEqual({ a: ["1", "2"], b: " x" });
    expect(parseBody("text", enc("héllo"))).toBe("héllo");
    expect((await refusal(Promise.resolve().then(() => parseBody("json", enc("{"))))).status).toBe(400);
    const latin1 = new Uint8Array([0xff, 0xfe]);
    expect((await refusal(Promise.resolve().then(() => parseBody("text", latin1)))).status).toBe(400);
  });

  it("caps the body: declared or streamed, 413", async () => {
    const declared = new Request("http://x/", {
      method: "POST",
      body: "abcdef",
      headers: { "content-length": "6" },
    });
    expect((await refusal(readCappedBody(declared, 5))).status).toBe(413);
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        c.enqueue(new Uint8Array(4));
      },
    });
    // An endless body is cut at the cap, not read to the end.
    const endless = new Request("http://x/", { method: "POST", body: stream, duplex: "half" } as RequestInit);
    expect((await refusal(readCappedBody(endless, 1024))).status).toBe(413);
    const ok = new Request("http://x/", { method: "POST", body: "abcde" });
    expect(new TextDecoder().decode(await readCappedBody(ok, 5))).toBe("abcde");
  });

  it("hides credentials, cookies and the signature from the flow", () => {
    const h = new Headers({
      authorization: "Bearer x",
      cookie: "a=b",
      "x-api-key": "k",
      "x-switchboard-signature": "t=1,v1=00",
      "x-auth-token": "t",
      "x-client-secret": "s",
      "user-agent": "curl",
    });
    expect(visibleHeaders(h)).toEqual({ "user-agent": "curl" });
  });

  it("takes the delivery id from Idempotency-Key or X-Webhook-Id, capped", async () => {
    expect(deliveryId(new Headers({ "idempotency-key": " abc " }))).toBe("webhook:abc");
    expect(deliveryId(new Headers({ "x-webhook-id": "wh_1" }))).toBe("webhook:wh_1");
    expect(deliveryId(new Headers())).toBeNull();
    expect(
      (
        await refusal(
          Promise.resolve().then(() => deliveryId(new Headers({ "x-webhook-id": "x".repeat(201) }))),
        )
      ).status,
    ).toBe(400);
  });
});

describe("webhook signatures", () => {
  const now = new Date("2026-06-01T00:00:00Z");
  const t = Math.floor(now.getTime() / 1000);

  it("accepts a good one, also among several v1 values (secret rotation)", async () => {
    const good = await signWebhook("s3cret", "body", t);
    await expect(verifySignature("s3cret", good, enc("body"), now)).resolves.toBeUndefined();
    const v1 = good.split("v1=")[1];
    await expect(
      verifySignature("s3cret", `t=${t},v1=${"0".repeat(64)},v1=${v1}`, enc("body"), now),
    ).resolves.toBeUndefined();
  });

  it.each([
    ["missing", null],
    ["no t", "v1=00"],
    ["no v1", `t=${t}`],
    ["non-hex", `t=${t},v1=${"z".repeat(64)}`],
    ["short", `t=${t},v1=abcd`],
    ["huge t", `t=${"9".repeat(40)},v1=${"0".repeat(64)}`],
  ])("refuses %s with 401", async (_label, header) => {
    expect((await refusal(verifySignature("s3cret", header, enc("body"), now))).status).toBe(401);
  });

  it("refuses a stale or future timestamp (300 s tolerance) and a changed body", async () => {
    expect(
      (
        await refusal(
          verifySignature("s3cret", await signWebhook("s3cret", "body", t - 301), enc("body"), now),
        )
      ).message,
    ).toMatch(/too old/);
    expect(
      (
        await refusal(
          verifySignature("s3cret", await signWebhook("s3cret", "body", t + 301), enc("body"), now),
        )
      ).status,
    ).toBe(401);
    await expect(
      verifySignature("s3cret", await signWebhook("s3cret", "body", t - 299), enc("body"), now),
    ).resolves.toBeUndefined();
    expect(
      (await refusal(verifySignature("s3cret", await signWebhook("s3cret", "body", t), enc("body!"), now)))
        .message,
    ).toMatch(/does not match/);
  });
});

describe("trigger configs and event filters", () => {
  it("webhook_trigger defaults to answering at once; the wait is bounded", () => {
    expect(webhookTriggerConfig.parse({})).toEqual({ respond: "immediately", timeoutMs: 30_000 });
    expect(webhookTriggerConfig.safeParse({ timeoutMs: 10 * 60_000 }).success).toBe(false);
    expect(webhookTriggerConfig.safeParse({ respond: "later" }).success).toBe(false);
  });

  it("event_trigger knows its events and takes simple filters only", () => {
    expect(eventTriggerConfig.parse({ event: "message.received" })).toEqual({
      event: "message.received",
      filter: {},
    });
    expect(eventTriggerConfig.safeParse({ event: "user.deleted" }).success).toBe(false);
    expect(
      eventTriggerConfig.safeParse({ event: "cart.updated", filter: { inboxId: { $ne: 1 } } }).success,
    ).toBe(false);
    expect(eventTriggerConfig.safeParse({ event: "cart.updated", filter: { "a.b": "x" } }).success).toBe(
      false,
    );
  });

  it("every schema field says what it is (the editor's form labels)", () => {
    for (const schema of [webhookTriggerConfig, eventTriggerConfig]) {
      for (const [key, field] of Object.entries(schema.shape)) {
        expect(field.description, key).toBeTruthy();
      }
    }
  });

  it("filters match by equality; an array field matches when it contains the value", () => {
    const payload = { agentId: "a1", inboxId: "i1", tags: ["lead", "vip"], count: 3, meta: { x: 1 } };
    expect(matchesFilter({}, payload)).toBe(true);
    expect(matchesFilter({ agentId: "a1", inboxId: "i1" }, payload)).toBe(true);
    expect(matchesFilter({ agentId: "a2" }, payload)).toBe(false);
    expect(matchesFilter({ tags: "vip" }, payload)).toBe(true);
    expect(matchesFilter({ tags: "cold" }, payload)).toBe(false);
    expect(matchesFilter({ count: 3 }, payload)).toBe(true);
    expect(matchesFilter({ meta: "[object Object]" }, payload)).toBe(false);
    expect(matchesFilter({ missing: "x" }, payload)).toBe(false);
  });
});

describe("the flow's response", () => {
  it("keeps status, content headers and body; drops cookies and hop-by-hop headers", async () => {
    const res = responseFrom(
      {
        status: 201,
        headers: { "X-Lead": "new", "Set-Cookie": "a=b", connection: "keep-alive", "bad header": "x" },
        body: { ok: true },
      },
      "run-1",
    );
    expect(res.status).toBe(201);
    expect(res.headers.get("x-lead")).toBe("new");
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(res.headers.get("connection")).toBeNull();
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("x-flow-run-id")).toBe("run-1");
    expect(await res.json()).toEqual({ ok: true });
  });

  it("answers bodiless statuses without a body and an out-of-range status as 200", async () => {
    for (const status of [204, 205, 304]) {
      expect(responseFrom({ status, body: { ignored: true } }, "r").status).toBe(status);
    }
    expect(responseFrom({ status: 99, body: "x" }, "r").status).toBe(200);
    expect(responseFrom({ status: 700, body: "x" }, "r").status).toBe(200);
    const text = responseFrom({ status: 200, body: "plain" }, "r");
    expect(text.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await text.text()).toBe("plain");
  });
});
