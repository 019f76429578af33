import { describe, expect, it } from "vitest";
import { validateGraph } from "./graph-validation";
import { nodeTypes } from "./nodes/registry";

const start = { id: "start", type: "manual_trigger", name: "Start" };
const t = (id: string, name = id.toUpperCase(), config: Record<string, unknown> = {}) => ({ id, type: "transform", name, config });
const e = (id: string, source: string, target: string, sourceHandle = "out", targetHandle = "in") => ({
  id,
  source,
  target,
  sourceHandle,
  targetHandle,
});
const issues = (graph: unknown) => validateGraph(graph, nodeTypes).issues;

describe("validateGraph", () => {
  it("accepts a valid graph with expressions naming earlier nodes", () => {
    const graph = {
      nodes: [start, t("a", "A"), t("b", "B", { operations: [{ op: "set", field: "x", value: '{{ $node["A"].output.y }}' }] })],
      edges: [e("1", "start", "a"), e("2", "a", "b")],
    };
    expect(issues(graph)).toEqual([]);
  });

  it("names unknown node types, duplicate ids and names, and bad config fields", () => {
    const found = issues({
      nodes: [start, { id: "x", type: "teleport", name: "X" }, t("a", "Same"), t("a", "Same"), { id: "h", type: "http_request", name: "H", config: { method: "BREW" } }],
      edges: [],
    });
    expect(found).toEqual(
      expect.arrayContaining([
        { path: "nodes.1.type", message: 'Unknown node type "teleport"' },
        { path: "nodes.3.id", message: 'Another node has the id "a"' },
        { path: "nodes.3.name", message: 'Another node is named "Same"' },
        expect.objectContaining({ path: "nodes.4.config.method" }),
        expect.objectContaining({ path: "nodes.4.config.url" }),
      ]),
    );
  });

  it("finds cycles, dangling edges, unknown handles, edges into triggers, self loops and duplicates", () => {
    const found = issues({
      nodes: [start, t("a"), t("b"), { id: "c", type: "condition", name: "C", config: { rules: [{ left: 1, operator: "exists" }] } }],
      edges: [
        e("1", "start", "a"),
        e("2", "a", "b"),
        e("3", "b", "a"),
        e("4", "a", "ghost"),
        e("5", "c", "a", "maybe"),
        e("6", "a", "start"),
        e("7", "b", "b"),
        e("8", "start", "a"),
      ],
    });
    const messages = found.map((i) => `${i.path}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^edges: The connections form a loop through .*"A".*"B"/),
        'edges.3.target: No node has the id "ghost"',
        'edges.4.sourceHandle: "C" has no output "maybe" (it has true, false)',
        'edges.5.target: "Start" is a trigger: nothing connects into it',
        'edges.6: "B" cannot connect to itself',
        "edges.7: The same connection is there twice",
      ]),
    );
  });

  it("refuses expressions naming missing nodes, later nodes, or not parsing", () => {
    const found = issues({
      nodes: [
        start,
        t("a", "A", { operations: [{ op: "set", field: "x", value: '{{ $node["Ghost"].output }}' }] }),
        t("b", "B", { operations: [{ op: "set", field: "x", value: '{{ $node["C"].output }}' }] }),
        t("c", "C", { operations: [{ op: "set", field: "x", value: "{{ 1 + 1 }}" }] }),
      ],
      edges: [e("1", "start", "a"), e("2", "a", "b"), e("3", "b", "c")],
    });
    expect(found).toEqual(
      expect.arrayContaining([
        { path: "nodes.1.config", message: 'An expression refers to "Ghost", and no node has that name' },
        { path: "nodes.2.config", message: 'An expression refers to "C", which does not run before "B"' },
        expect.objectContaining({ path: "nodes.3.config.operations.0.value" }),
      ]),
    );
  });

  it("refuses shapes that are not graphs, and oversized ones", () => {
    expect(issues(null)[0]?.path).toBe("(graph)");
    expect(issues({ nodes: [{ id: "bad id!", type: "transform", name: "x" }], edges: [] })[0]?.path).toBe("nodes.0.id");
    const many = { nodes: Array.from({ length: 201 }, (_, i) => t(`n${i}`)), edges: [] };
    expect(issues(many)).toEqual([expect.objectContaining({ path: "nodes", message: "A flow has at most 200 nodes" })]);
  });

  it("takes an expression in a typed field as valid until the run resolves it", () => {
    const graph = {
      nodes: [start, { id: "w", type: "wait", name: "W", config: { seconds: "{{ $trigger.delay }}" } }],
      edges: [e("1", "start", "w")],
    };
    expect(issues(graph)).toEqual([]);
  });
});
