// The built-in tools an agent can be granted, as AI SDK tools.
export { type BuiltinToolInfo, type BuiltinToolName, buildTools, builtinToolCatalog } from "./builtin-tools";
export type { ToolContext } from "./context";
