import { describe, expect, it } from "vitest";
import {
  audioMessage,
  buttonReplyMessage,
  documentMessage,
  imageMessage,
  listReplyMessage,
  messagesWebhook,
  otherFieldWebhook,
  REENGAGEMENT_ERROR,
  status,
  statusesWebhook,
  textMessage,
  unsupportedMessage,
} from "@/test/fakes/whatsapp-graph-fake-webhooks";
import { extractEvents, WebhookPayloadError } from "./extract";

const PHONE = "106540352242922";
const contact = { waId: "16505551234", name: "Sheena Nelson" };
const from = contact.waId;

function refused(body: unknown): WebhookPayloadError {
  try {
    extractEvents(body, PHONE);
  } catch (e) {
    if (e instanceof WebhookPayloadError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("reading Meta's messages webhook", () => {
  it("turns text, button and list replies into text with the contact's name", () => {
    const at = new Date("2026-12-04T10:00:00Z");
    const { events, ignored } = extractEvents(
      messagesWebhook({
        phoneNumberId: PHONE,
        contact,
        messages: [
          textMessage({ from, id: "wamid.t1", body: "Does it come in blue?", at }),
          buttonReplyMessage({ from, id: "wamid.b1", replyId: "yes", title: "Yes please" }),
          listReplyMessage({ from, id: "wamid.l1", replyId: "m", title: "Medium", description: "40-42" }),
        ],
      }),
      PHONE,
    );
    expect(ignored).toEqual([]);
    expect(events).toEqual([
      {
        kind: "text",
        externalId: "wamid.t1",
        from,
        contactName: "Sheena Nelson",
        text: "Does it come in blue?",
        receivedAt: at,
      },
      expect.objectContaining({ kind: "text", externalId: "wamid.b1", text: "Yes please" }),
      expect.objectContaining({ kind: "text", externalId: "wamid.l1", text: "Medium — 40-42" }),
    ]);
  });

  it("marks image, audio and document messages as media with a caption or file name", () => {
    const { events } = extractEvents(
      messagesWebhook({
        phoneNumberId: PHONE,
        contact,
        messages: [
          imageMessage({ from, id: "wamid.i1", caption: "this one" }),
          audioMessage({ from, id: "wamid.a1" }),
          documentMessage({ from, id: "wamid.d1", filename: "order.pdf" }),
        ],
      }),
      PHONE,
    );
    expect(
      events.map((e) => [e.kind, e.kind === "media" ? e.mediaType : "", "text" in e ? e.text : ""]),
    ).toEqual([
      ["media", "image", "[image] this one"],
      ["media", "audio", "[audio]"],
      ["media", "document", "[document] order.pdf"],
    ]);
  });

  it("reads statuses, with the first error of a failed one", () => {
    const { events } = extractEvents(
      statusesWebhook({
        phoneNumberId: PHONE,
        statuses: [
          status({ id: "wamid.s1", status: "delivered", recipientId: from }),
          status({ id: "wamid.s2", status: "failed", recipientId: from, errors: [REENGAGEMENT_ERROR] }),
        ],
      }),
      PHONE,
    );
    expect(events[0]).toMatchObject({ kind: "status", externalId: "wamid.s1", status: "delivered" });
    expect(events[1]).toMatchObject({
      kind: "status",
      status: "failed",
      error: { code: "131047", message: expect.stringMatching(/^Re-engagement message: Message failed/) },
    });
  });

  it("ignores other objects, other fields, other numbers, unsupported types and unknown statuses", () => {
    expect(extractEvents({ object: "page", entry: [] }, PHONE)).toEqual({
      events: [],
      ignored: ["object page"],
    });
    expect(extractEvents(otherFieldWebhook(), PHONE).ignored).toEqual(["field phone_number_quality_update"]);
    expect(
      extractEvents(
        messagesWebhook({ phoneNumberId: "999", contact, messages: [textMessage({ from, body: "x" })] }),
        PHONE,
      ),
    ).toEqual({ events: [], ignored: ["phone number 999"] });
    const odd = messagesWebhook({
      phoneNumberId: PHONE,
      contact,
      messages: [
        unsupportedMessage({ from }),
        { from, id: "wamid.r", timestamp: "1", type: "reaction", reaction: { emoji: "👍" } },
      ],
    });
    expect(extractEvents(odd, PHONE)).toEqual({
      events: [],
      ignored: ["message type unknown", "message type reaction"],
    });
    const played = statusesWebhook({
      phoneNumberId: PHONE,
      statuses: [{ ...status({ id: "w", status: "read", recipientId: from }), status: "played" }],
    });
    expect(extractEvents(played, PHONE).ignored).toEqual(["status played"]);
  });

  it("refuses bodies that are not webhooks, and messages without an id, sender or text", () => {
    expect(refused(null).message).toMatch(/not a WhatsApp webhook/);
    expect(refused([]).message).toMatch(/not a WhatsApp webhook/);
    expect(refused({ object: "whatsapp_business_account" }).issues[0]?.path).toBe("entry");
    const noId = messagesWebhook({
      phoneNumberId: PHONE,
      contact,
      messages: [{ ...textMessage({ from, body: "x" }), id: undefined }],
    });
    expect(refused(noId).issues[0]?.path).toMatch(/^entry\.0\.changes\.0\.value\.messages\.0/);
    const noBody = messagesWebhook({
      phoneNumberId: PHONE,
      contact,
      messages: [{ from, id: "w1", timestamp: "1", type: "text" }],
    });
    expect(refused(noBody).message).toMatch(/malformed/);
    const noFrom = messagesWebhook({
      phoneNumberId: PHONE,
      contact,
      messages: [{ ...textMessage({ from, body: "x" }), from: undefined }],
    });
    expect(refused(noFrom).issues.length).toBeGreaterThan(0);
    // Longer than the dedupe key holds: refused whole, before the batch's other messages are stored.
    const longId = messagesWebhook({
      phoneNumberId: PHONE,
      contact,
      messages: [
        textMessage({ from, body: "ok" }),
        textMessage({ from, id: `wamid.${"x".repeat(200)}`, body: "x" }),
      ],
    });
    expect(refused(longId).issues[0]?.path).toBe("entry.0.changes.0.value.messages.1.id");
    const noMetadata = {
      object: "whatsapp_business_account",
      entry: [{ id: "1", changes: [{ field: "messages", value: { messaging_product: "whatsapp" } }] }],
    };
    expect(refused(noMetadata).message).toMatch(/malformed/);
  });
});
