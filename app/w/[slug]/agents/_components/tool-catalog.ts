import type { BuiltinToolName } from "./types";

export interface ToolInfo {
  name: BuiltinToolName;
  label: string;
  description: string;
}

/** The built-in tools an agent can enable, in the order the form lists them. */
export const toolCatalog: ToolInfo[] = [
  {
    name: "current_time",
    label: "Current time",
    description: "Tells the agent today's date and the time, in any time zone.",
  },
  {
    name: "calculator",
    label: "Calculator",
    description: "Evaluates arithmetic exactly instead of guessing (e.g. 6*7, (12.5+3)/4).",
  },
  {
    name: "web_fetch",
    label: "Web fetch",
    description: "Reads the text of a public web page by URL. Private network addresses are blocked.",
  },
  {
    name: "tag_conversation",
    label: "Tag conversation",
    description: "Adds tags such as qualified or needs-human to the conversation, shown in the inbox.",
  },
  {
    name: "list_products",
    label: "List products",
    description: "Searches the workspace's catalog (name, SKU, description) with prices and stock.",
  },
  {
    name: "get_product",
    label: "Get product",
    description: "Reads one product of the catalog by id.",
  },
  {
    name: "create_cart",
    label: "Add to cart",
    description:
      "Adds a product to this conversation's cart, reserving the stock (fails when too few are left).",
  },
  {
    name: "get_cart",
    label: "Get cart",
    description: "Shows this conversation's cart: items, quantities and total.",
  },
  {
    name: "update_cart_item",
    label: "Update cart item",
    description: "Changes a cart line's quantity; 0 removes it and puts the stock back.",
  },
  {
    name: "handoff_to_human",
    label: "Hand off to a human",
    description:
      "In Chatwoot, WhatsApp and widget conversations: passes the conversation to your team and the bot stops answering.",
  },
];

export const toolLabel = (name: string) => toolCatalog.find((t) => t.name === name)?.label ?? name;
