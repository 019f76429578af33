import type { z } from "zod";
import { agentOperations, agentOutput, agentSummaryOutput } from "../agents/contract";
import { apiKeyOperations } from "../api-keys/contract";
import { auditOperations } from "../audit/contract";
import { billingOperations } from "../billing/contract";
import { billingStripeOperations } from "../billing/stripe/contract";
import { cartOutput, catalogOperations, productOutput } from "../catalog/contract";
import { channelOperations } from "../channels/contract";
import { whatsappOperations } from "../channels/whatsapp/contract";
import { chatOperations } from "../chat/contract";
import { conversationOperations, conversationOutput, messageOutput } from "../conversations/contract";
import { flowOperations, flowRunDetailOutput, flowRunOutput, flowSummaryOutput } from "../flows/contract";
import { inboxOperations, inboxOutput } from "../inboxes/contract";
import { integrationOperations } from "../integrations/contract";
import { invitationOperations } from "../invitations/contract";
import { mcpActivityOperations } from "../mcp-activity/contract";
import { memberOperations } from "../members/contract";
import { providerOperations } from "../providers/contract";
import { usageOperations } from "../usage/contract";
import { workspaceOperations } from "../workspaces/contract";
import type { Operation } from "./operation";

/**
 * Every domain's contract in one place: the operations the web API and
 * /api/v1 serve, and the output shapes they publish under a name (the
 * OpenAPI document's components). A new domain adds its contract here.
 */

export const allOperations: readonly Operation[] = [
  ...catalogOperations,
  ...agentOperations,
  ...providerOperations,
  ...integrationOperations,
  ...conversationOperations,
  ...whatsappOperations,
  ...chatOperations,
  ...usageOperations,
  ...billingOperations,
  ...flowOperations,
  ...inboxOperations,
  ...channelOperations,
  // Workspace administration: web only.
  ...workspaceOperations,
  ...memberOperations,
  ...invitationOperations,
  ...apiKeyOperations,
  ...auditOperations,
  ...mcpActivityOperations,
  // Billing with Stripe: web only, owners and admins.
  ...billingStripeOperations,
];

/** Named shapes, as OpenAPI `#/components/schemas/<name>` and the MCP tools that return them. */
export const publishedShapes: readonly { name: string; schema: z.ZodType }[] = [
  { name: "Product", schema: productOutput },
  { name: "Cart", schema: cartOutput },
  { name: "Agent", schema: agentOutput },
  { name: "AgentSummary", schema: agentSummaryOutput },
  { name: "Conversation", schema: conversationOutput },
  { name: "Message", schema: messageOutput },
  { name: "FlowSummary", schema: flowSummaryOutput },
  { name: "FlowRun", schema: flowRunOutput },
  { name: "FlowRunDetail", schema: flowRunDetailOutput },
  { name: "Inbox", schema: inboxOutput },
];
