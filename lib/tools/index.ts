export {
  type BuiltinToolInfo,
  type BuiltinToolName,
  buildTools,
  builtinToolCatalog,
} from "./builtin-tools";
export type { ToolContext } from "./context";
