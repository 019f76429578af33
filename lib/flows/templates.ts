import type { FlowGraphInput } from "./graph-schema";

/**
 * Starter flows offered by "New flow". Each is a valid graph for the node
 * types in the registry (templates.test.ts checks them with validateGraph
 * once every type they use is registered).
 */
export interface FlowTemplate {
  id: string;
  name: string;
  description: string;
  graph: FlowGraphInput;
}

export const flowTemplates: FlowTemplate[] = [
  {
    id: "whatsapp-leads",
    name: "Tag and route new WhatsApp leads",
    description:
      "When a conversation starts on WhatsApp, tag it as a lead and hand it over to a person; other channels are tagged only.",
    graph: {
      nodes: [
        {
          id: "new_conversation",
          type: "event_trigger",
          name: "New conversation",
          config: { event: "conversation.created", filter: {} },
          position: { x: 0, y: 0 },
        },
        {
          id: "is_whatsapp",
          type: "condition",
          name: "From WhatsApp?",
          config: {
            rules: [{ left: "{{ $trigger.channel }}", operator: "equals", right: "whatsapp" }],
            combine: "all",
          },
          position: { x: 0, y: 140 },
        },
        {
          id: "tag_lead",
          type: "conversation_action",
          name: "Tag as WhatsApp lead",
          config: {
            conversationId: "{{ $trigger.conversationId }}",
            action: "add_tags",
            tags: ["lead", "whatsapp"],
          },
          position: { x: -160, y: 280 },
        },
        {
          id: "hand_over",
          type: "conversation_action",
          name: "Hand over to sales",
          config: {
            conversationId: "{{ $trigger.conversationId }}",
            action: "hand_over",
            handoffTag: "sales",
            handoffPriority: "high",
          },
          position: { x: -160, y: 420 },
        },
        {
          id: "tag_other",
          type: "conversation_action",
          name: "Tag as lead",
          config: { conversationId: "{{ $trigger.conversationId }}", action: "add_tags", tags: ["lead"] },
          position: { x: 160, y: 280 },
        },
      ],
      edges: [
        {
          id: "e1",
          source: "new_conversation",
          sourceHandle: "out",
          target: "is_whatsapp",
          targetHandle: "in",
        },
        { id: "e2", source: "is_whatsapp", sourceHandle: "true", target: "tag_lead", targetHandle: "in" },
        { id: "e3", source: "tag_lead", sourceHandle: "out", target: "hand_over", targetHandle: "in" },
        { id: "e4", source: "is_whatsapp", sourceHandle: "false", target: "tag_other", targetHandle: "in" },
      ],
    },
  },
  {
    id: "daily-summary",
    name: "Daily summary to a webhook",
    description: "Every evening at 18:00, post a summary message to a webhook URL of your choice.",
    graph: {
      nodes: [
        {
          id: "every_evening",
          type: "schedule_trigger",
          name: "Every evening",
          config: { cron: "0 18 * * *", timezone: "UTC", missed: "skip" },
          position: { x: 0, y: 0 },
        },
        {
          id: "summary",
          type: "transform",
          name: "Build summary",
          config: {
            keepInput: false,
            operations: [
              { op: "set", field: "text", value: "Daily summary for {{ $now }}" },
              { op: "set", field: "runId", value: "{{ $run.id }}" },
            ],
          },
          position: { x: 0, y: 140 },
        },
        {
          id: "post",
          type: "http_request",
          name: "Post to webhook",
          config: {
            method: "POST",
            url: "https://example.com/your-webhook",
            bodyType: "json",
            body: '{{ $node["Build summary"].output }}',
          },
          position: { x: 0, y: 280 },
        },
      ],
      edges: [
        { id: "e1", source: "every_evening", sourceHandle: "out", target: "summary", targetHandle: "in" },
        { id: "e2", source: "summary", sourceHandle: "out", target: "post", targetHandle: "in" },
      ],
    },
  },
];

export function getFlowTemplate(id: string): FlowTemplate | undefined {
  return flowTemplates.find((t) => t.id === id);
}
