/**
 * Starter prompts for an empty chat, derived from the tools the agent has: a suggestion
 * that names a tool the agent lacks would get no tool call. Each names its tool the way
 * the offline demo model recognises ("use <tool>"), which a real model also understands.
 */
export interface ChatSuggestion {
  /** The tool it exercises, if any. */
  tool: string | null;
  text: string;
}

const BY_TOOL: ChatSuggestion[] = [
  { tool: "calculator", text: "Use the calculator: 6*7" },
  { tool: "list_products", text: "Use list_products to show me the products" },
  { tool: "web_fetch", text: "Use web_fetch to read this page: https://example.com" },
  { tool: "current_time", text: "Use current_time: what time is it?" },
  { tool: "get_cart", text: "Use get_cart to show my cart" },
];

const PLAIN: ChatSuggestion[] = [
  { tool: null, text: "Hello! What can you help me with?" },
  { tool: null, text: "Write a short welcome message for our customers." },
];

/** Up to two tool suggestions (in the order above), then plain prompts: three at most. */
export function chatSuggestions(tools: readonly string[]): ChatSuggestion[] {
  const enabled = new Set(tools);
  const withTools = BY_TOOL.filter((s) => s.tool !== null && enabled.has(s.tool)).slice(0, 2);
  return [...withTools, ...PLAIN].slice(0, 3);
}
