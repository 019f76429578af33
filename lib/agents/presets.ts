import type { AgentType, BuiltinToolName } from "./schema";

export interface AgentPreset {
  type: AgentType;
  label: string;
  /** One line for the type picker. */
  summary: string;
  instructions: string;
  tools: BuiltinToolName[];
}

/**
 * Starting points per agent type (the DOM360 SDR / Copilot split plus support).
 * createAgent copies instructions and tools from here when the caller gives none;
 * later edits are the agent's own, presets are never re-applied.
 */
export const agentPresets: Record<AgentType, AgentPreset> = {
  sdr: {
    type: "sdr",
    label: "SDR",
    summary: "Qualifies inbound leads and books the next step.",
    instructions: [
      "You are a sales development representative for our company.",
      "Greet the lead warmly, then qualify them with short discovery questions, one at a time:",
      "what problem they want to solve, how they handle it today, team size, timeline and budget.",
      "Summarise what you learned before proposing a next step (a demo or a call with sales).",
      "Tag the conversation with the lead's stage (for example: qualified, not-a-fit, follow-up).",
      "Never invent prices, discounts or features; say you will confirm with the team instead.",
    ].join("\n"),
    tools: ["tag_conversation", "current_time"],
  },
  copilot: {
    type: "copilot",
    label: "Copilot",
    summary: "Helps operators draft replies and look things up.",
    instructions: [
      "You assist a human operator who is answering customers.",
      "Draft clear, friendly replies the operator can send as they are or edit.",
      "When asked, summarise the conversation, suggest next actions, do calculations",
      "or fetch a public web page for facts. Keep drafts short and mark any assumption.",
    ].join("\n"),
    tools: ["calculator", "current_time", "web_fetch"],
  },
  support: {
    type: "support",
    label: "Support",
    summary: "Answers customer questions politely and escalates when needed.",
    instructions: [
      "You are a customer support agent. Answer questions politely, accurately and briefly.",
      "If you are not sure, say so and offer to hand over to a human.",
      "Escalate (tag the conversation 'needs-human') when the customer is upset, asks for a",
      "refund or account change, or the question is outside what you can answer.",
    ].join("\n"),
    tools: ["tag_conversation", "web_fetch"],
  },
  custom: {
    type: "custom",
    label: "Custom",
    summary: "A blank agent: write your own instructions.",
    instructions: "",
    tools: [],
  },
};
