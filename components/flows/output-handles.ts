import type { FlowNode } from "./api-types";

/**
 * The output handles a node offers, derived from its type and config (the
 * node-types endpoint does not list them; the server's validation still checks
 * every edge's handle when the draft is saved).
 */
export function outputHandlesOf(node: Pick<FlowNode, "type" | "config">): string[] {
  switch (node.type) {
    case "condition":
      return ["true", "false"];
    case "approval":
      return ["approved", "rejected", "timeout"];
    case "switch": {
      const cases = Array.isArray(node.config.cases) ? node.config.cases : [];
      const handles = cases.flatMap((c) =>
        c && typeof c === "object" && typeof (c as { handle?: unknown }).handle === "string"
          ? [(c as { handle: string }).handle]
          : [],
      );
      return [...new Set([...handles, "default"])];
    }
    case "respond_to_webhook":
      return ["out"];
    default:
      return ["out"];
  }
}
