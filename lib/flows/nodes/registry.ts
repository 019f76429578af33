import { z } from "zod";
import { agentNode } from "./agent";
import { approval } from "./approval";
import { catalogNode } from "./catalog";
import { code } from "./code";
import { condition } from "./condition";
import { conversationActionNode } from "./conversation-action";
import type { NodeDefinition } from "./define-node";
import { eventTrigger } from "./event-trigger";
import { httpRequest } from "./http-request";
import { loop } from "./loop";
import { manualTrigger } from "./manual-trigger";
import { mcpToolNode } from "./mcp-tool";
import { merge } from "./merge";
import { promptNode } from "./prompt";
import { respondToWebhook } from "./respond-to-webhook";
import { scheduleTrigger } from "./schedule-trigger";
import { subFlow } from "./sub-flow";
import { switchNode } from "./switch";
import { transform } from "./transform";
import { wait } from "./wait";
import { webhookTrigger } from "./webhook-trigger";

/** Every node type, by type id: the editor's palette, validation and the engine read this. */
export const nodeTypes: Record<string, NodeDefinition> = Object.fromEntries(
  (
    [
      manualTrigger,
      webhookTrigger,
      scheduleTrigger,
      eventTrigger,
      condition,
      switchNode,
      loop,
      merge,
      transform,
      wait,
      approval,
      subFlow,
      respondToWebhook,
      httpRequest,
      code,
      agentNode,
      promptNode,
      mcpToolNode,
      catalogNode,
      conversationActionNode,
    ] as NodeDefinition[]
  ).map((d) => [d.type, d]),
);

export function getNodeType(type: string): NodeDefinition | undefined {
  return Object.hasOwn(nodeTypes, type) ? nodeTypes[type] : undefined;
}

export interface NodeTypeInfo {
  type: string;
  label: string;
  category: NodeDefinition["category"];
  description: string;
  inputs: string[];
  sideEffects: boolean;
  /** The config's JSON schema: the editor generates the node's form from it. */
  configSchema: unknown;
}

export function listNodeTypes(): NodeTypeInfo[] {
  return Object.values(nodeTypes).map((d) => ({
    type: d.type,
    label: d.label,
    category: d.category,
    description: d.description,
    inputs: [...d.inputs],
    sideEffects: d.sideEffects,
    configSchema: z.toJSONSchema(d.config, { io: "input", unrepresentable: "any" }),
  }));
}
