import type { z } from "zod";
import { apiKeyOperations } from "../api-keys/contract";
import { auditOperations } from "../audit/contract";
import { cartOutput, catalogOperations, productOutput } from "../catalog/contract";
import { invitationOperations } from "../invitations/contract";
import { mcpActivityOperations } from "../mcp-activity/contract";
import { memberOperations } from "../members/contract";
import { workspaceOperations } from "../workspaces/contract";
import type { Operation } from "./operation";

/**
 * Every domain's contract in one place: the operations the web API and
 * /api/v1 serve, and the output shapes they publish under a name (the
 * OpenAPI document's components). A new domain adds its contract here.
 */

export const allOperations: readonly Operation[] = [
  ...catalogOperations,
  // Workspace administration: web only.
  ...workspaceOperations,
  ...memberOperations,
  ...invitationOperations,
  ...apiKeyOperations,
  ...auditOperations,
  ...mcpActivityOperations,
];

/** Named shapes, as OpenAPI `#/components/schemas/<name>` and the MCP tools that return them. */
export const publishedShapes: readonly { name: string; schema: z.ZodType }[] = [
  { name: "Product", schema: productOutput },
  { name: "Cart", schema: cartOutput },
];
