import type { FieldIssue, FlowEdge, FlowGraph, FlowNode, NodeTypeInfo } from "./api-types";
import { outputHandlesOf } from "./output-handles";

/** Pure edits of a graph (the editor's history stores each result). */

export function addNode(graph: FlowGraph, type: NodeTypeInfo, position: { x: number; y: number }): FlowGraph {
  const ids = new Set(graph.nodes.map((n) => n.id));
  const names = new Set(graph.nodes.map((n) => n.name));
  let i = 1;
  while (ids.has(`${type.type}_${i}`)) i++;
  let name = type.label;
  for (let j = 2; names.has(name); j++) name = `${type.label} ${j}`;
  const node: FlowNode = {
    id: `${type.type}_${i}`,
    type: type.type,
    name,
    config: defaultsOf(type.configSchema),
    position,
    disabled: false,
  };
  return { ...graph, nodes: [...graph.nodes, node] };
}

function defaultsOf(schema: NodeTypeInfo["configSchema"]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(schema.properties ?? {}))
    if (s.default !== undefined) out[k] = s.default;
  return out;
}

export function removeNodes(graph: FlowGraph, ids: Set<string>): FlowGraph {
  if (ids.size === 0) return graph;
  return {
    ...graph,
    nodes: graph.nodes.filter((n) => !ids.has(n.id)),
    edges: graph.edges.filter((e) => !ids.has(e.source) && !ids.has(e.target)),
  };
}

export function removeEdges(graph: FlowGraph, ids: Set<string>): FlowGraph {
  if (ids.size === 0) return graph;
  return { ...graph, edges: graph.edges.filter((e) => !ids.has(e.id)) };
}

export function connect(
  graph: FlowGraph,
  c: { source: string; sourceHandle?: string | null; target: string; targetHandle?: string | null },
): FlowGraph {
  const sourceHandle = c.sourceHandle ?? "out";
  const targetHandle = c.targetHandle ?? "in";
  if (c.source === c.target) return graph;
  if (
    graph.edges.some(
      (e) =>
        e.source === c.source &&
        e.sourceHandle === sourceHandle &&
        e.target === c.target &&
        e.targetHandle === targetHandle,
    )
  )
    return graph;
  let id = `${c.source}-${sourceHandle}-${c.target}`.slice(0, 150);
  for (let i = 2; graph.edges.some((e) => e.id === id); i++) id = `${id.slice(0, 150)}-${i}`;
  const edge: FlowEdge = { id, source: c.source, sourceHandle, target: c.target, targetHandle };
  return { ...graph, edges: [...graph.edges, edge] };
}

export function updateNode(graph: FlowGraph, id: string, patch: Partial<FlowNode>): FlowGraph {
  return { ...graph, nodes: graph.nodes.map((n) => (n.id === id ? { ...n, ...patch } : n)) };
}

/**
 * The server's issues placed on what they are about: `nodes.3.config.url` →
 * node (by its id in the graph that was saved) and field `url`; `edges.2.*` →
 * that edge; anything else is about the whole flow.
 */
export interface PlacedIssues {
  byNode: Record<string, Record<string, string>>;
  byEdge: Record<string, string>;
  general: string[];
}

export function placeIssues(saved: FlowGraph, issues: FieldIssue[]): PlacedIssues {
  const placed: PlacedIssues = { byNode: {}, byEdge: {}, general: [] };
  for (const issue of issues) {
    const m = /^nodes\.(\d+)(?:\.(.*))?$/.exec(issue.path);
    const e = /^edges\.(\d+)(?:\..*)?$/.exec(issue.path);
    const node = m ? saved.nodes[Number(m[1])] : undefined;
    const edge = e ? saved.edges[Number(e[1])] : undefined;
    if (m && node) {
      const rest = m[2] ?? "";
      const field = rest.startsWith("config.") ? rest.slice(7) : rest === "config" ? "" : rest;
      const byField = placed.byNode[node.id] ?? {};
      byField[field] = byField[field] ? `${byField[field]}; ${issue.message}` : issue.message;
      placed.byNode[node.id] = byField;
    } else if (e && edge) placed.byEdge[edge.id] = issue.message;
    else placed.general.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message);
  }
  return placed;
}

export function nodeOutputs(node: FlowNode): string[] {
  return outputHandlesOf(node);
}
