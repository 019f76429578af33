import type { FieldIssue } from "../validation";
import { zodIssues } from "../validation";
import { expressionRefs, hasTemplate } from "./expressions";
import { type FlowGraph, type FlowNode, flowGraphSchema } from "./graph-schema";
import type { NodeDefinition } from "./nodes/define-node";

export type NodeRegistry = Record<string, NodeDefinition>;

/** A raw config value at a zod issue's path (to see whether it is an expression). */
function valueAt(config: unknown, path: PropertyKey[]): unknown {
  let v: unknown = config;
  for (const k of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[k as string];
  }
  return v;
}

/** The handles a node offers, or null when its type is unknown or its config does not parse. */
export function outputHandles(def: NodeDefinition, node: FlowNode): string[] | null {
  const parsed = def.config.safeParse(node.config);
  if (!parsed.success) return null;
  return def.outputs(parsed.data);
}

/**
 * Everything a graph must satisfy to be published, as field issues the
 * editor can place (`nodes.3.config.url`, `edges.2.target`). A draft may be
 * saved with issues; a version may not.
 */
export function validateGraph(
  input: unknown,
  registry: NodeRegistry,
): { graph?: FlowGraph; issues: FieldIssue[] } {
  const shape = flowGraphSchema.safeParse(input);
  if (!shape.success) return { issues: zodIssues(shape.error, "(graph)") };
  const graph = shape.data;
  const issues: FieldIssue[] = [];
  const byId = new Map<string, { node: FlowNode; index: number; def?: NodeDefinition }>();
  const names = new Map<string, number>();

  graph.nodes.forEach((node, index) => {
    const at = `nodes.${index}`;
    if (byId.has(node.id)) issues.push({ path: `${at}.id`, message: `Another node has the id "${node.id}"` });
    const def = Object.hasOwn(registry, node.type) ? registry[node.type] : undefined;
    byId.set(node.id, { node, index, def });
    if (names.has(node.name))
      issues.push({ path: `${at}.name`, message: `Another node is named "${node.name}"` });
    names.set(node.name, index);
    if (!def) {
      issues.push({ path: `${at}.type`, message: `Unknown node type "${node.type}"` });
      return;
    }
    const parsed = def.config.safeParse(node.config);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        // An expression's value is only known when the run gets there; it is checked then.
        const raw = valueAt(node.config, issue.path);
        if (typeof raw === "string" && hasTemplate(raw)) continue;
        issues.push({ path: [at, "config", ...issue.path.map(String)].join("."), message: issue.message });
      }
    }
  });

  // Edges: known ends, known handles, nothing into a trigger, no duplicates.
  const incoming = new Map<string, string[]>();
  const outgoing = new Map<string, string[]>();
  const seen = new Set<string>();
  graph.edges.forEach((edge, i) => {
    const at = `edges.${i}`;
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source) issues.push({ path: `${at}.source`, message: `No node has the id "${edge.source}"` });
    if (!target) issues.push({ path: `${at}.target`, message: `No node has the id "${edge.target}"` });
    if (!source || !target) return;
    if (edge.source === edge.target) {
      issues.push({ path: at, message: `"${source.node.name}" cannot connect to itself` });
      return;
    }
    const key = `${edge.source}:${edge.sourceHandle}->${edge.target}:${edge.targetHandle}`;
    if (seen.has(key)) issues.push({ path: at, message: "The same connection is there twice" });
    seen.add(key);
    if (source.def) {
      const handles = outputHandles(source.def, source.node);
      if (handles && !handles.includes(edge.sourceHandle)) {
        issues.push({
          path: `${at}.sourceHandle`,
          message: `"${source.node.name}" has no output "${edge.sourceHandle}" (it has ${handles.join(", ") || "none"})`,
        });
      }
    }
    if (target.def) {
      if (target.def.inputs.length === 0) {
        issues.push({
          path: `${at}.target`,
          message: `"${target.node.name}" is a trigger: nothing connects into it`,
        });
      } else if (!target.def.inputs.includes(edge.targetHandle)) {
        issues.push({
          path: `${at}.targetHandle`,
          message: `"${target.node.name}" has no input "${edge.targetHandle}"`,
        });
      }
    }
    incoming.set(edge.target, [...(incoming.get(edge.target) ?? []), edge.source]);
    outgoing.set(edge.source, [...(outgoing.get(edge.source) ?? []), edge.target]);
  });

  // Cycles (Kahn's algorithm): whatever is left has a cycle through it.
  const indegree = new Map<string, number>();
  for (const id of byId.keys()) indegree.set(id, 0);
  for (const [target, sources] of incoming) indegree.set(target, sources.length);
  const queue = [...byId.keys()].filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    order.push(id);
    for (const next of outgoing.get(id) ?? []) {
      const d = (indegree.get(next) ?? 0) - 1;
      indegree.set(next, d);
      if (d === 0) queue.push(next);
    }
  }
  if (order.length < byId.size) {
    const inCycle = [...byId.values()]
      .filter((n) => !order.includes(n.node.id))
      .map((n) => `"${n.node.name}"`);
    issues.push({ path: "edges", message: `The connections form a loop through ${inCycle.join(", ")}` });
  }

  // Expressions: parse, and name only nodes that run before this one.
  const upstream = (id: string): Set<string> => {
    const found = new Set<string>();
    const stack = [...(incoming.get(id) ?? [])];
    while (stack.length > 0) {
      const s = stack.pop() as string;
      if (found.has(s)) continue;
      found.add(s);
      stack.push(...(incoming.get(s) ?? []));
    }
    return found;
  };
  for (const { node, index, def } of byId.values()) {
    const literal = new Set(def?.literalFields ?? []);
    const templated = Object.fromEntries(Object.entries(node.config).filter(([k]) => !literal.has(k)));
    const refs = expressionRefs(templated, `nodes.${index}.config`);
    issues.push(...refs.issues);
    if (refs.nodeNames.length === 0) continue;
    const before = new Set([...upstream(node.id)].map((id) => byId.get(id)?.node.name));
    for (const name of refs.nodeNames) {
      if (!names.has(name)) {
        issues.push({
          path: `nodes.${index}.config`,
          message: `An expression refers to "${name}", and no node has that name`,
        });
      } else if (!before.has(name)) {
        issues.push({
          path: `nodes.${index}.config`,
          message: `An expression refers to "${name}", which does not run before "${node.name}"`,
        });
      }
    }
  }
  return { graph, issues };
}

/** The graph's trigger nodes (no inputs), by their registry definitions. */
export function triggerNodes(graph: FlowGraph, registry: NodeRegistry): FlowNode[] {
  return graph.nodes.filter((n) => registry[n.type]?.category === "trigger");
}
