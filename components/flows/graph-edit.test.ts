import { describe, expect, it } from "vitest";
import { flowGraphSchema } from "@/lib/flows/graph-schema";
import { listNodeTypes } from "@/lib/flows/nodes/registry";
import type { FlowGraph, NodeTypeInfo } from "./api-types";
import { autoLayout } from "./auto-layout";
import { addNode, connect, placeIssues, removeNodes } from "./graph-edit";
import { outputHandlesOf } from "./output-handles";

const types = listNodeTypes() as NodeTypeInfo[];
const type = (t: string) => types.find((x) => x.type === t) as NodeTypeInfo;
const empty: FlowGraph = { nodes: [], edges: [], settings: { runTimeoutMs: 300_000 } };

describe("graph edits", () => {
  it("adds nodes with unique ids and names and the type's defaults, shaped as the server stores them", () => {
    let g = addNode(empty, type("condition"), { x: 0, y: 0 });
    g = addNode(g, type("condition"), { x: 0, y: 100 });
    expect(g.nodes.map((n) => [n.id, n.name])).toEqual([
      ["condition_1", "Condition"],
      ["condition_2", "Condition 2"],
    ]);
    expect(g.nodes[0]?.config).toEqual({ combine: "all" });
    expect(flowGraphSchema.safeParse(g).success).toBe(true);
  });

  it("connects named handles once, never a node to itself, and removing a node removes its edges", () => {
    let g = addNode(addNode(empty, type("condition"), { x: 0, y: 0 }), type("transform"), { x: 0, y: 1 });
    g = connect(g, {
      source: "condition_1",
      sourceHandle: "true",
      target: "transform_1",
      targetHandle: "in",
    });
    g = connect(g, {
      source: "condition_1",
      sourceHandle: "true",
      target: "transform_1",
      targetHandle: "in",
    });
    g = connect(g, { source: "condition_1", sourceHandle: "false", target: "condition_1" });
    expect(g.edges).toEqual([
      {
        id: "condition_1-true-transform_1",
        source: "condition_1",
        sourceHandle: "true",
        target: "transform_1",
        targetHandle: "in",
      },
    ]);
    expect(removeNodes(g, new Set(["transform_1"])).edges).toEqual([]);
  });

  it("places the server's issues on the node and field (by the saved graph's indexes), edges, or the flow", () => {
    let g = addNode(addNode(empty, type("condition"), { x: 0, y: 0 }), type("http_request"), { x: 0, y: 1 });
    g = connect(g, { source: "condition_1", sourceHandle: "nope", target: "http_request_1" });
    const placed = placeIssues(g, [
      { path: "nodes.1.config.url", message: "Required" },
      { path: "nodes.0.config.rules.0.left", message: "Unknown node" },
      { path: "nodes.0.name", message: "Duplicate" },
      { path: "edges.0.sourceHandle", message: "No such handle" },
      { path: "edges", message: "Loop" },
      { path: "nodes.9.config", message: "Stale index" },
    ]);
    expect(placed.byNode).toEqual({
      http_request_1: { url: "Required" },
      condition_1: { "rules.0.left": "Unknown node", name: "Duplicate" },
    });
    expect(placed.byEdge).toEqual({ "condition_1-nope-http_request_1": "No such handle" });
    expect(placed.general).toEqual(["edges: Loop", "nodes.9.config: Stale index"]);
  });

  it("derives output handles: condition, switch cases + default, approval, others out", () => {
    expect(outputHandlesOf({ type: "condition", config: {} })).toEqual(["true", "false"]);
    expect(
      outputHandlesOf({ type: "switch", config: { cases: [{ handle: "vip" }, { handle: "lead" }, {}] } }),
    ).toEqual(["vip", "lead", "default"]);
    expect(outputHandlesOf({ type: "approval", config: {} })).toEqual(["approved", "rejected", "timeout"]);
    expect(outputHandlesOf({ type: "http_request", config: {} })).toEqual(["out"]);
  });

  it("auto-layout puts each node below the one it follows", () => {
    let g = addNode(addNode(empty, type("manual_trigger"), { x: 500, y: 500 }), type("transform"), {
      x: 0,
      y: 0,
    });
    g = connect(g, { source: "manual_trigger_1", target: "transform_1" });
    const laid = autoLayout(g);
    const [a, b] = laid.nodes;
    expect((b?.position.y ?? 0) > (a?.position.y ?? 0)).toBe(true);
    expect(a?.position.x).toBe(b?.position.x);
  });
});
