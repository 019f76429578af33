import type { ToolSet } from "ai";
import { calculatorTool } from "./calculator";
import {
  createCartTool,
  getCartTool,
  getProductTool,
  listProductsTool,
  updateCartItemTool,
} from "./catalog-tools";
import type { ToolContext } from "./context";
import { currentTimeTool } from "./current-time";
import { handoffToHumanTool } from "./handoff-to-human";
import { tagConversationTool } from "./tag-conversation";
import { webFetchTool } from "./web-fetch";

export interface BuiltinToolInfo {
  name: string;
  label: string;
  description: string;
}

const BUILDERS = {
  current_time: () => currentTimeTool(),
  calculator: () => calculatorTool(),
  web_fetch: () => webFetchTool(),
  tag_conversation: (ctx: ToolContext) => tagConversationTool(ctx),
  list_products: (ctx: ToolContext) => listProductsTool(ctx),
  get_product: (ctx: ToolContext) => getProductTool(ctx),
  create_cart: (ctx: ToolContext) => createCartTool(ctx),
  get_cart: (ctx: ToolContext) => getCartTool(ctx),
  update_cart_item: (ctx: ToolContext) => updateCartItemTool(ctx),
  handoff_to_human: (ctx: ToolContext) => handoffToHumanTool(ctx),
} as const;

export type BuiltinToolName = keyof typeof BUILDERS;

/** For the agent form. Names match BUILTIN_TOOL_NAMES in lib/agents/schema.ts. */
export const builtinToolCatalog: BuiltinToolInfo[] = [
  { name: "current_time", label: "Current time", description: "Tells the date and time in any time zone." },
  { name: "calculator", label: "Calculator", description: "Evaluates arithmetic exactly (+ - * / % ^)." },
  {
    name: "web_fetch",
    label: "Web fetch",
    description: "Reads a public web page as text. Private and internal addresses are blocked.",
  },
  {
    name: "tag_conversation",
    label: "Tag conversation",
    description: "Adds tags to the current conversation.",
  },
  {
    name: "list_products",
    label: "List products",
    description: "Searches the workspace's product catalog (name, SKU, price, stock).",
  },
  { name: "get_product", label: "Get product", description: "Reads one product of the catalog." },
  {
    name: "create_cart",
    label: "Add to cart",
    description: "Adds a product to the conversation's cart, reserving stock.",
  },
  { name: "get_cart", label: "Get cart", description: "Shows the conversation's cart and its total." },
  {
    name: "update_cart_item",
    label: "Update cart item",
    description: "Changes a quantity in the conversation's cart; 0 removes the item.",
  },
  {
    name: "handoff_to_human",
    label: "Hand off to a human",
    description:
      "Passes a channel conversation (Chatwoot, WhatsApp, widget) to your team; the bot stops answering it.",
  },
];

const isBuiltin = (name: string): name is BuiltinToolName => Object.hasOwn(BUILDERS, name);

/** The AI SDK tools an agent was granted. Unknown names are skipped, so a removed tool cannot break old agents. */
export function buildTools(names: string[], ctx: ToolContext): ToolSet {
  const tools: ToolSet = {};
  for (const name of names) if (isBuiltin(name)) tools[name] = BUILDERS[name](ctx);
  return tools;
}
