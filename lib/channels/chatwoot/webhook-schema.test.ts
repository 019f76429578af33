import { describe, expect, it } from "vitest";
import {
  assigneeChanged,
  conversationEvent,
  HUMAN_AGENT,
  incomingMessage,
  outgoingEcho,
  privateNote,
} from "../../../test/fakes/chatwoot-fake-payloads";
import {
  chatwootConversationEvent,
  chatwootMessageCreated,
  handlerSignal,
  messageTypeName,
} from "./webhook-schema";

const at = { accountId: 1, inboxId: 4 };
const conv = { id: 12, status: "pending" as const, labels: [], assignee: null };

describe("Chatwoot webhook payloads", () => {
  it("parses an incoming message_created as documented", () => {
    const p = chatwootMessageCreated.parse(incomingMessage(at, conv, "hola", { id: 345 }));
    expect(p).toMatchObject({
      event: "message_created",
      id: "345",
      content: "hola",
      message_type: "incoming",
      private: false,
      conversation: { id: "12", status: "pending", meta: { assignee: null } },
      sender: { type: "contact", name: "Lucía Gómez", phone_number: "+5491122334455" },
      account: { id: "1" },
    });
  });

  it("reads a private note and our own echo as what they are", () => {
    const note = chatwootMessageCreated.parse(privateNote(at, conv, "VIP customer"));
    expect(note.private).toBe(true);
    expect(note.sender?.type).toBe("user");
    const echo = chatwootMessageCreated.parse(outgoingEcho(at, conv, "Hi!"));
    expect(messageTypeName(echo.message_type)).toBe("outgoing");
    expect(echo.sender?.type).toBe("agent_bot");
  });

  it("accepts string ids (the docs' sample) and integer message types (API form)", () => {
    const p = chatwootMessageCreated.parse({
      event: "message_created",
      id: "1",
      content: "Hi",
      message_type: 0,
      conversation: { id: "7" },
    });
    expect(p.id).toBe("1");
    expect(messageTypeName(p.message_type)).toBe("incoming");
  });

  it.each([
    [
      "no message id",
      { event: "message_created", content: "x", message_type: "incoming", conversation: { id: 1 } },
    ],
    ["no conversation", { event: "message_created", id: 1, content: "x", message_type: "incoming" }],
    ["no conversation id", { event: "message_created", id: 1, message_type: "incoming", conversation: {} }],
    [
      "a negative id",
      { event: "message_created", id: -1, message_type: "incoming", conversation: { id: 1 } },
    ],
    [
      "an object id",
      { event: "message_created", id: { a: 1 }, message_type: "incoming", conversation: { id: 1 } },
    ],
  ])("refuses %s", (_name, body) => {
    expect(chatwootMessageCreated.safeParse(body).success).toBe(false);
  });

  it("sees a human take over: assignee set, or pending → open", () => {
    const assigned = chatwootConversationEvent.parse(assigneeChanged(at, conv, HUMAN_AGENT));
    expect(handlerSignal(assigned)).toEqual({ handledBy: "human", by: "Marta (ventas)" });
    const unassigned = chatwootConversationEvent.parse(
      assigneeChanged(at, { ...conv, assignee: HUMAN_AGENT }, null),
    );
    expect(handlerSignal(unassigned)).toBeNull();
    const opened = chatwootConversationEvent.parse(
      conversationEvent(
        at,
        { ...conv, status: "open" },
        {
          event: "conversation_status_changed",
          changed: { status: { previous_value: "pending", current_value: "open" } },
        },
      ),
    );
    expect(handlerSignal(opened)).toEqual({ handledBy: "human", by: null });
  });

  it("does not see a takeover in a reopened resolved conversation or a label change", () => {
    const reopened = chatwootConversationEvent.parse(
      conversationEvent(
        at,
        { ...conv, status: "open" },
        {
          event: "conversation_status_changed",
          changed: { status: { previous_value: "resolved", current_value: "open" } },
        },
      ),
    );
    expect(handlerSignal(reopened)).toBeNull();
    const labels = chatwootConversationEvent.parse(
      conversationEvent(
        at,
        { ...conv, labels: ["lead"] },
        {
          changed: { label_list: { previous_value: [], current_value: ["lead"] } },
        },
      ),
    );
    expect(handlerSignal(labels)).toBeNull();
  });

  it("sees the conversation given back to the bot: back to pending with nobody assigned", () => {
    const back = chatwootConversationEvent.parse(
      conversationEvent(
        at,
        { ...conv, status: "pending" },
        {
          event: "conversation_status_changed",
          changed: { status: { previous_value: "open", current_value: "pending" } },
        },
      ),
    );
    expect(handlerSignal(back)).toEqual({ handledBy: "bot" });
    const stillAssigned = chatwootConversationEvent.parse(
      conversationEvent(
        at,
        { ...conv, status: "pending", assignee: HUMAN_AGENT },
        {
          event: "conversation_status_changed",
          changed: { status: { previous_value: "open", current_value: "pending" } },
        },
      ),
    );
    expect(handlerSignal(stillAssigned)).toBeNull();
  });
});
