import { z } from "zod";
import { defineNode } from "./define-node";

export const FLOW_EVENTS = [
  "conversation.created",
  "message.received",
  "conversation.tagged",
  "conversation.closed",
  "cart.updated",
  "run.failed",
] as const;
export type FlowEvent = (typeof FLOW_EVENTS)[number];

export const eventTriggerConfig = z.object({
  event: z
    .enum(FLOW_EVENTS)
    .describe(
      "What starts the flow: a conversation created, a user message received, a tag added, a conversation closed, a cart changed, or a flow run failed.",
    ),
  filter: z
    .record(
      z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, "A payload field name, e.g. agentId"),
      z.union([z.string().max(200), z.number(), z.boolean()]),
    )
    .refine((f) => Object.keys(f).length <= 10, "At most 10 filter fields")
    .default({})
    .meta({ widget: "json" })
    .describe(
      'Only events whose payload fields equal these values, e.g. {"agentId": "…"}, {"inboxId": "…"} or {"tag": "lead"}. Empty: every event.',
    ),
});
export type EventTriggerConfig = z.output<typeof eventTriggerConfig>;

/** Output: {event, eventId, occurredAt, ...payload} (payload fields per event, e.g. conversationId, tag, text). */
export const eventTrigger = defineNode({
  type: "event_trigger",
  label: "Event",
  category: "trigger",
  description:
    "Runs the flow when something happens in the workspace (new conversation, message, tag, close, cart, failed run).",
  config: eventTriggerConfig,
  inputs: [],
  outputs: () => ["out"],
  sideEffects: false,
  defaultTimeoutMs: 1000,
  run: async (ctx) => ({ kind: "done", output: ctx.trigger }),
});
