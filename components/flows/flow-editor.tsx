"use client";

import "@xyflow/react/dist/style.css";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Background,
  type Connection,
  Controls,
  type Edge,
  type EdgeChange,
  MarkerType,
  type NodeChange,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from "@xyflow/react";
import { LayoutGrid, Play, Plus, Redo2, Rocket, Save, Undo2 } from "lucide-react";
import Link from "next/link";
import { useTheme } from "next-themes";
import { type DragEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { ApiError, api, errorMessage } from "@/components/api/client";
import { QueryView, Skeletons } from "@/components/query-view";
import { Button } from "@/components/ui/button";
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from "@/components/ui/sheet";
import {
  type FieldIssue,
  type Flow,
  type FlowGraph,
  type FlowNode,
  flowKeys,
  flowPath,
  type NodeResult,
  type NodeTypeInfo,
  nodeTypesPath,
} from "./api-types";
import { autoLayout } from "./auto-layout";
import { type FlowCanvasNode, FlowNodeView } from "./flow-node";
import {
  addNode,
  connect,
  nodeOutputs,
  placeIssues,
  removeEdges,
  removeNodes,
  updateNode,
} from "./graph-edit";
import { NodeConfigPanel } from "./node-config-panel";
import { NodePalette, PALETTE_MIME } from "./node-palette";
import { TestRunDialog } from "./test-run-dialog";
import { useHistory } from "./use-history";
import { useMediaQuery } from "./use-media-query";
import { useRunEvents } from "./use-run-events";
import { WebhookUrl } from "./webhook-url";

const nodeTypesMap = { flow: FlowNodeView };

export function FlowEditor({ slug, flowId }: { slug: string; flowId: string }) {
  const flow = useQuery({
    queryKey: flowKeys.one(slug, flowId),
    queryFn: ({ signal }) => api<{ flow: Flow }>(flowPath(slug, flowId), { signal }),
  });
  const types = useQuery({
    queryKey: flowKeys.nodeTypes(slug),
    queryFn: ({ signal }) => api<{ nodeTypes: NodeTypeInfo[] }>(nodeTypesPath(slug), { signal }),
    staleTime: 5 * 60_000,
  });
  const both = {
    isPending: flow.isPending || types.isPending,
    isError: flow.isError || types.isError,
    error: flow.error ?? types.error,
    data: flow.data && types.data ? { flow: flow.data.flow, types: types.data.nodeTypes } : undefined,
    refetch: () => Promise.all([flow.refetch(), types.refetch()]),
  };
  return (
    <QueryView query={both} loading={<Skeletons className="h-[60vh] w-full" count={1} />}>
      {(d) => (
        <ReactFlowProvider>
          <EditorCanvas slug={slug} flow={d.flow} types={d.types} onReload={() => flow.refetch()} />
        </ReactFlowProvider>
      )}
    </QueryView>
  );
}

function EditorCanvas({
  slug,
  flow,
  types,
  onReload,
}: {
  slug: string;
  flow: Flow;
  types: NodeTypeInfo[];
  onReload: () => Promise<unknown>;
}) {
  const queryClient = useQueryClient();
  const history = useHistory<FlowGraph>(flow.draft);
  const graph = history.value;
  const [revision, setRevision] = useState(flow.draftRevision);
  const [savedGraph, setSavedGraph] = useState<FlowGraph>(flow.draft);
  const [published, setPublished] = useState(flow.publishedVersion);
  const [issues, setIssues] = useState<{ graph: FlowGraph; list: FieldIssue[] }>({
    graph: flow.draft,
    list: flow.issues,
  });
  const [webhookUrl, setWebhookUrl] = useState(flow.webhookUrl);
  const [stale, setStale] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [selectedEdges, setSelectedEdges] = useState<Set<string>>(new Set());
  const [measured, setMeasured] = useState<Record<string, { width: number; height: number }>>({});
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [runId, setRunId] = useState<string | null>(null);
  const live = useRunEvents(slug, runId);
  const dragging = useRef(false);
  const wide = useMediaQuery("(min-width: 768px)");
  const { screenToFlowPosition, fitView } = useReactFlow();
  const { resolvedTheme } = useTheme();
  const typeByName = useMemo(() => new Map(types.map((t) => [t.type, t])), [types]);
  const placed = useMemo(() => placeIssues(issues.graph, issues.list), [issues]);
  const dirty = graph !== savedGraph;

  const resultsByNode = useMemo(() => {
    const m = new Map<string, NodeResult[]>();
    for (const r of Object.values(live.nodes)) m.set(r.nodeId, [...(m.get(r.nodeId) ?? []), r]);
    return m;
  }, [live.nodes]);

  const rfNodes: FlowCanvasNode[] = useMemo(
    () =>
      graph.nodes.map((n) => {
        const results = resultsByNode.get(n.id);
        return {
          id: n.id,
          type: "flow",
          position: n.position,
          selected: n.id === selected,
          measured: measured[n.id],
          ariaLabel: `${n.name} (${typeByName.get(n.type)?.label ?? n.type})`,
          data: {
            name: n.name,
            typeLabel: typeByName.get(n.type)?.label ?? n.type,
            inputs: typeByName.get(n.type)?.inputs ?? ["in"],
            outputs: nodeOutputs(n),
            issueCount: Object.keys(placed.byNode[n.id] ?? {}).length,
            status: results?.at(-1)?.status,
            disabled: n.disabled,
          },
        };
      }),
    [graph.nodes, selected, measured, typeByName, placed, resultsByNode],
  );
  const rfEdges: Edge[] = useMemo(
    () =>
      graph.edges.map((e) => ({
        id: e.id,
        source: e.source,
        sourceHandle: e.sourceHandle,
        target: e.target,
        targetHandle: e.targetHandle,
        label: e.sourceHandle !== "out" ? e.sourceHandle : undefined,
        selected: selectedEdges.has(e.id),
        animated: resultsByNode.get(e.source)?.at(-1)?.status === "running",
        markerEnd: { type: MarkerType.ArrowClosed },
        style: placed.byEdge[e.id] ? { stroke: "var(--destructive)" } : undefined,
        ariaLabel: `Connection from ${e.source} ${e.sourceHandle} to ${e.target}`,
      })),
    [graph.edges, selectedEdges, resultsByNode, placed],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowCanvasNode>[]) => {
      const removed = new Set<string>();
      const moves = new Map<string, { x: number; y: number }>();
      let dragEnded = false;
      for (const c of changes) {
        if (c.type === "remove") removed.add(c.id);
        else if (c.type === "select") setSelected((cur) => (c.selected ? c.id : cur === c.id ? null : cur));
        else if (c.type === "dimensions" && c.dimensions) {
          const dims = c.dimensions;
          setMeasured((m) => ({ ...m, [c.id]: dims }));
        } else if (c.type === "position") {
          if (c.position) moves.set(c.id, c.position);
          if (c.dragging && !dragging.current) {
            dragging.current = true;
            history.checkpoint();
          }
          if (c.dragging === false) dragEnded = true;
        }
      }
      if (dragEnded) dragging.current = false;
      if (removed.size) {
        history.set((g) => removeNodes(g, removed));
        setSelected((cur) => (cur && removed.has(cur) ? null : cur));
      }
      if (moves.size)
        history.set(
          (g) => ({
            ...g,
            nodes: g.nodes.map((n) =>
              moves.has(n.id) ? { ...n, position: moves.get(n.id) ?? n.position } : n,
            ),
          }),
          { record: false },
        );
    },
    [history],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const removed = new Set<string>();
      for (const c of changes) {
        if (c.type === "remove") removed.add(c.id);
        else if (c.type === "select")
          setSelectedEdges((cur) => {
            const next = new Set(cur);
            if (c.selected) next.add(c.id);
            else next.delete(c.id);
            return next;
          });
      }
      if (removed.size) history.set((g) => removeEdges(g, removed));
    },
    [history],
  );
  const onConnect = useCallback((c: Connection) => history.set((g) => connect(g, c)), [history]);

  const add = useCallback(
    (type: string, at?: { x: number; y: number }) => {
      const t = typeByName.get(type);
      if (!t) return;
      history.set((g) => {
        const last = g.nodes.at(-1);
        const position = at ?? (last ? { x: last.position.x, y: last.position.y + 120 } : { x: 0, y: 0 });
        const next = addNode(g, t, position);
        setSelected(next.nodes.at(-1)?.id ?? null);
        return next;
      });
      setPaletteOpen(false);
    },
    [history, typeByName],
  );
  const onDrop = (e: DragEvent) => {
    const type = e.dataTransfer.getData(PALETTE_MIME);
    if (!type) return;
    e.preventDefault();
    add(type, screenToFlowPosition({ x: e.clientX, y: e.clientY }));
  };

  const save = useMutation({
    mutationFn: (g: FlowGraph) =>
      api<{ flow: Flow }>(flowPath(slug, flow.id), {
        method: "PATCH",
        body: { graph: g, draftRevision: revision },
      }).then((res) => ({ res, g })),
    onSuccess: ({ res, g }) => {
      setRevision(res.flow.draftRevision);
      setSavedGraph(g);
      setIssues({ graph: g, list: res.flow.issues });
      setWebhookUrl(res.flow.webhookUrl);
      setStale(false);
      queryClient.setQueryData(flowKeys.one(slug, flow.id), { flow: res.flow });
      void queryClient.invalidateQueries({ queryKey: flowKeys.all(slug) });
      const n = res.flow.issues.length;
      if (n) toast.warning(`Saved, with ${n} ${n === 1 ? "issue" : "issues"} to fix before publishing.`);
      else toast.success("Saved.");
    },
    onError: (error, g) => {
      if (error instanceof ApiError && error.status === 409) setStale(true);
      else if (error instanceof ApiError && error.details.length)
        setIssues({ graph: g, list: error.details });
      toast.error(errorMessage(error));
    },
  });
  const saveNow = useCallback(async () => {
    if (!dirty) return true;
    try {
      await save.mutateAsync(graph);
      return true;
    } catch {
      return false;
    }
  }, [dirty, graph, save]);

  const publish = useMutation({
    mutationFn: async () => {
      if (!(await saveNow())) throw new Error("Save the flow first.");
      return api<{ flow: Flow; version: number }>(`${flowPath(slug, flow.id)}/publish`, {
        method: "POST",
        body: {},
      });
    },
    onSuccess: (res) => {
      setPublished(res.version);
      setWebhookUrl(res.flow.webhookUrl);
      setIssues((cur) => ({ ...cur, list: [] }));
      toast.success(`Published version ${res.version}.`);
      void queryClient.invalidateQueries({ queryKey: flowKeys.all(slug) });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.details.length) setIssues({ graph, list: error.details });
      toast.error(errorMessage(error));
    },
  });

  const undo = history.undo;
  const redo = history.redo;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.metaKey || e.ctrlKey;
      if (!mod) return;
      const t = e.target as HTMLElement | null;
      const typing = t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName));
      const key = e.key.toLowerCase();
      if (key === "s") {
        e.preventDefault();
        void saveNow();
      } else if (key === "z" && !typing) {
        e.preventDefault();
        if (e.shiftKey) redo();
        else undo();
      } else if (key === "y" && !typing) {
        e.preventDefault();
        redo();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [saveNow, undo, redo]);

  const selectedNode = graph.nodes.find((n) => n.id === selected);
  const panel = selectedNode ? (
    <NodeConfigPanel
      node={selectedNode}
      type={typeByName.get(selectedNode.type)}
      issues={placed.byNode[selectedNode.id] ?? {}}
      results={resultsByNode.get(selectedNode.id) ?? []}
      onChange={(patch: Partial<FlowNode>) => history.set((g) => updateNode(g, selectedNode.id, patch))}
      onDelete={() => {
        history.set((g) => removeNodes(g, new Set([selectedNode.id])));
        setSelected(null);
      }}
    />
  ) : null;

  return (
    <div className="flex min-h-0 flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2" role="toolbar" aria-label="Flow editor">
        <Button variant="outline" size="sm" onClick={() => setPaletteOpen(true)} className="md:hidden">
          <Plus aria-hidden="true" />
          Add node
        </Button>
        <Button variant="outline" size="icon" aria-label="Undo" disabled={!history.canUndo} onClick={undo}>
          <Undo2 aria-hidden="true" />
        </Button>
        <Button variant="outline" size="icon" aria-label="Redo" disabled={!history.canRedo} onClick={redo}>
          <Redo2 aria-hidden="true" />
        </Button>
        <Button
          variant="outline"
          size="sm"
          onClick={() => {
            history.set((g) => autoLayout(g));
            requestAnimationFrame(() => void fitView({ padding: 0.2 }));
          }}
        >
          <LayoutGrid aria-hidden="true" />
          Auto-layout
        </Button>
        <Button
          size="sm"
          variant="outline"
          disabled={save.isPending || !dirty}
          onClick={() => void saveNow()}
        >
          <Save aria-hidden="true" />
          {save.isPending ? "Saving…" : dirty ? "Save" : "Saved"}
        </Button>
        <Button size="sm" variant="outline" disabled={publish.isPending} onClick={() => publish.mutate()}>
          <Rocket aria-hidden="true" />
          Publish
        </Button>
        <TestRunDialog
          slug={slug}
          flowId={flow.id}
          graph={graph}
          beforeRun={saveNow}
          onStarted={setRunId}
          trigger={
            <Button size="sm">
              <Play aria-hidden="true" />
              Test run
            </Button>
          }
        />
        <span className="text-sm text-muted-foreground" data-testid="flow-version">
          {published ? `Published v${published}` : "Not published"}
          {dirty ? " · unsaved changes" : ""}
        </span>
        <Link href={`/w/${slug}/flows/runs?flowId=${flow.id}`} className="ml-auto text-sm underline">
          Runs
        </Link>
      </div>
      {stale ? (
        <div
          role="alert"
          className="flex flex-wrap items-center gap-3 rounded-md border border-destructive/40 p-3 text-sm"
        >
          Someone else saved this flow since you opened it. Reload to get their version (your unsaved changes
          are lost).
          <Button
            size="sm"
            variant="outline"
            onClick={async () => {
              const res = await onReload();
              const fresh = (res as { data?: { flow: Flow } }).data?.flow;
              if (fresh) {
                history.reset(fresh.draft);
                setSavedGraph(fresh.draft);
                setRevision(fresh.draftRevision);
                setPublished(fresh.publishedVersion);
                setIssues({ graph: fresh.draft, list: fresh.issues });
              }
              setStale(false);
            }}
          >
            Reload
          </Button>
        </div>
      ) : null}
      {placed.general.length ? (
        <ul
          role="alert"
          className="grid gap-1 rounded-md border border-destructive/40 p-3 text-sm text-destructive"
        >
          {placed.general.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
      {webhookUrl && graph.nodes.some((n) => n.type === "webhook_trigger") ? (
        <WebhookUrl url={webhookUrl} />
      ) : null}
      {runId ? (
        <p className="text-sm" aria-live="polite" data-testid="test-run-status">
          Test run: <span className="font-medium">{live.status ?? "starting"}</span>
          {live.error ? <span className="text-destructive"> — {JSON.stringify(live.error)}</span> : null}{" "}
          <Link className="underline" href={`/w/${slug}/flows/runs?run=${runId}`}>
            Open in runs
          </Link>
        </p>
      ) : null}
      <div className="flex h-[70vh] min-h-[420px] gap-3">
        <aside className="hidden w-52 shrink-0 overflow-y-auto md:block" aria-label="Palette">
          <NodePalette types={types} onAdd={(t) => add(t)} />
        </aside>
        <section
          className="min-w-0 flex-1 rounded-lg border"
          aria-label="Canvas"
          onDragOver={(e) => {
            if (e.dataTransfer.types.includes(PALETTE_MIME)) e.preventDefault();
          }}
          onDrop={onDrop}
        >
          <ReactFlow<FlowCanvasNode, Edge>
            nodes={rfNodes}
            edges={rfEdges}
            nodeTypes={nodeTypesMap}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onConnect={onConnect}
            onPaneClick={() => setSelected(null)}
            deleteKeyCode={["Delete", "Backspace"]}
            colorMode={resolvedTheme === "dark" ? "dark" : "light"}
            fitView
            minZoom={0.2}
            proOptions={{ hideAttribution: true }}
          >
            <Background />
            <Controls showInteractive={false} />
          </ReactFlow>
        </section>
        {wide && panel ? (
          <aside className="w-80 shrink-0 overflow-y-auto rounded-lg border p-3" aria-label="Node settings">
            {panel}
          </aside>
        ) : null}
      </div>
      <Sheet open={!wide && paletteOpen} onOpenChange={setPaletteOpen}>
        <SheetContent side="left" className="overflow-y-auto">
          <SheetHeader>
            <SheetTitle>Add a node</SheetTitle>
            <SheetDescription>Pick a node type to add to the flow.</SheetDescription>
          </SheetHeader>
          <div className="px-4 pb-4">
            <NodePalette types={types} onAdd={(t) => add(t)} />
          </div>
        </SheetContent>
      </Sheet>
      <Sheet open={!wide && !!panel} onOpenChange={(open) => !open && setSelected(null)}>
        <SheetContent side="bottom" className="max-h-[85vh] overflow-y-auto">
          <SheetHeader>
            <SheetTitle>Node settings</SheetTitle>
            <SheetDescription>Edit the selected node.</SheetDescription>
          </SheetHeader>
          <div className="px-4 pb-4">{panel}</div>
        </SheetContent>
      </Sheet>
    </div>
  );
}
