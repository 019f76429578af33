import type { ToolSet } from "ai";
import { calculatorTool } from "./calculator";
import type { ToolContext } from "./context";
import { currentTimeTool } from "./current-time";
import { tagConversationTool } from "./tag-conversation";
import { webFetchTool } from "./web-fetch";

export type { ToolContext } from "./context";

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
];

const isBuiltin = (name: string): name is BuiltinToolName => Object.hasOwn(BUILDERS, name);

/** The AI SDK tools an agent was granted. Unknown names are skipped, so a removed tool cannot break old agents. */
export function buildTools(names: string[], ctx: ToolContext): ToolSet {
  const tools: ToolSet = {};
  for (const name of names) if (isBuiltin(name)) tools[name] = BUILDERS[name](ctx);
  return tools;
}
