import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  GRAPH_ERRORS,
  startWhatsAppGraphFake,
  type WhatsAppGraphFake,
} from "@/test/fakes/whatsapp-graph-fake";
import { GraphSendError, type GraphTarget, postMessage, splitText } from "./graph-client";

let graph: WhatsAppGraphFake;
let target: GraphTarget;
const PHONE = "106540352242922";

beforeAll(async () => {
  graph = await startWhatsAppGraphFake({ phoneNumberIds: [PHONE] });
  target = { fetch, baseUrl: graph.baseUrl, phoneNumberId: PHONE, accessToken: graph.accessToken };
});
afterAll(() => graph.stop());

async function sendError(p: Promise<unknown>): Promise<GraphSendError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof GraphSendError) return e;
    throw e;
  }
  throw new Error("expected a send error");
}

describe("the Graph messages endpoint", () => {
  it("sends text and templates with the bearer token and answers the wamid", async () => {
    const id = await postMessage(target, "16505551234", {
      type: "text",
      text: { preview_url: false, body: "Hi" },
    });
    expect(id).toMatch(/^wamid\./);
    const call = graph.calls.at(-1);
    expect(call?.path).toBe(`/v21.0/${PHONE}/messages`);
    expect(call?.headers.authorization).toBe(`Bearer ${graph.accessToken}`);
    expect(call?.body).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: "16505551234",
      type: "text",
      text: { preview_url: false, body: "Hi" },
    });
    const t = await postMessage(target, "16505551234", {
      type: "template",
      template: { name: "order_update", language: { code: "en_US" } },
    });
    expect(t).toBe(graph.calls.at(-1)?.messageId);
  });

  it("maps Graph errors to codes, retryable only when about load", async () => {
    graph.failNext(GRAPH_ERRORS.reengagement, GRAPH_ERRORS.rateLimited, GRAPH_ERRORS.serverError);
    const text = { type: "text", text: { preview_url: false, body: "x" } } as const;
    const window = await sendError(postMessage(target, "16505551234", text));
    expect(window).toMatchObject({ code: "whatsapp_window_closed", retryable: false, graphCode: 131047 });
    expect(window.message).toMatch(/24 hours/);
    expect(await sendError(postMessage(target, "16505551234", text))).toMatchObject({
      code: "whatsapp_rate_limited",
      retryable: true,
    });
    expect(await sendError(postMessage(target, "16505551234", text))).toMatchObject({ retryable: true });
    const badToken = await sendError(postMessage({ ...target, accessToken: "wrong" }, "16505551234", text));
    expect(badToken).toMatchObject({ code: "whatsapp_auth", retryable: false, graphCode: 190 });
    const otherNumber = await sendError(postMessage({ ...target, phoneNumberId: "1" }, "16505551234", text));
    expect(otherNumber).toMatchObject({ code: "whatsapp_invalid_request", retryable: false });
    const tooLong = await sendError(
      postMessage(target, "16505551234", {
        type: "text",
        text: { preview_url: false, body: "x".repeat(4097) },
      }),
    );
    expect(tooLong.code).toBe("whatsapp_invalid_request");
  });

  it("an unreachable host is retryable", async () => {
    const err = await sendError(
      postMessage({ ...target, baseUrl: "http://127.0.0.1:9" }, "1650", {
        type: "text",
        text: { preview_url: false, body: "x" },
      }),
    );
    expect(err).toMatchObject({ code: "whatsapp_unreachable", retryable: true });
  });
});

describe("answers that are not Graph's", () => {
  it("does not retry a 200 without a message id; retries a proxy's HTML 502", async () => {
    const answers = [
      { status: 200, body: '{"ok":true}' },
      { status: 502, body: "<html>Bad Gateway</html>" },
    ];
    const server = http.createServer((_req, res) => {
      const a = answers.shift() ?? { status: 500, body: "" };
      res.writeHead(a.status).end(a.body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const text = { type: "text", text: { preview_url: false, body: "x" } } as const;
    try {
      expect(await sendError(postMessage({ ...target, baseUrl }, "1650", text))).toMatchObject({
        code: "whatsapp_bad_response",
        retryable: false,
      });
      expect(await sendError(postMessage({ ...target, baseUrl }, "1650", text))).toMatchObject({
        code: "whatsapp_http_error",
        retryable: true,
      });
    } finally {
      server.close();
    }
  });
});

describe("splitting long replies", () => {
  it("keeps short text whole and cuts long text at paragraph, line or word boundaries", () => {
    expect(splitText("hello")).toEqual(["hello"]);
    const para = `${"a".repeat(3000)}\n\n${"b".repeat(3000)}`;
    expect(splitText(para)).toEqual(["a".repeat(3000), "b".repeat(3000)]);
    const words = Array.from({ length: 2000 }, (_, i) => `w${i}`).join(" ");
    const parts = splitText(words);
    expect(parts.every((p) => p.length <= 4096)).toBe(true);
    expect(parts.join(" ")).toBe(words);
    const solid = "x".repeat(9000);
    expect(splitText(solid).map((p) => p.length)).toEqual([4096, 4096, 808]);
  });
});
