import { describe, expect, it } from "vitest";
import { z } from "zod";
import { agentNode } from "./agent";
import { catalogNode } from "./catalog";
import { conversationActionNode } from "./conversation-action";
import { mcpToolNode } from "./mcp-tool";
import { promptNode } from "./prompt";

// The editor builds each node's form from z.toJSONSchema(def.config): every
// field needs a description, and the schema must convert.

const nodes = [agentNode, promptNode, mcpToolNode, catalogNode, conversationActionNode];

describe("AI and action node definitions", () => {
  it.each(nodes.map((n) => [n.type, n] as const))("%s: a form-ready config schema", (_type, node) => {
    const schema = z.toJSONSchema(node.config, { io: "input" }) as {
      type: string;
      properties: Record<string, { description?: string }>;
    };
    expect(schema.type).toBe("object");
    expect(Object.keys(schema.properties).length).toBeGreaterThan(0);
    for (const [name, field] of Object.entries(schema.properties)) {
      expect(field.description, `${node.type}.${name}`).toMatch(/\S{3,}/);
    }
    expect(node.inputs).toEqual(["in"]);
    expect(node.label).toBeTruthy();
    expect(node.description).toBeTruthy();
    expect(node.defaultTimeoutMs).toBeGreaterThan(0);
  });

  it("declares side effects honestly", () => {
    const effects = Object.fromEntries(nodes.map((n) => [n.type, n.sideEffects]));
    expect(effects).toEqual({
      agent: true,
      prompt: false,
      mcp_tool: true,
      catalog: true,
      conversation_action: true,
    });
  });

  it("uses the spec's type ids and categories", () => {
    expect(nodes.map((n) => [n.type, n.category])).toEqual([
      ["agent", "ai"],
      ["prompt", "ai"],
      ["mcp_tool", "action"],
      ["catalog", "action"],
      ["conversation_action", "action"],
    ]);
  });
});
