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
];

export const toolLabel = (name: string) => toolCatalog.find((t) => t.name === name)?.label ?? name;
