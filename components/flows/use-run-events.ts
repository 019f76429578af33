"use client";

import { useEffect, useState } from "react";
import type { NodeResult, RunStatus } from "./api-types";
import { flowRunPath } from "./api-types";

export interface LiveRun {
  status: RunStatus | null;
  error: unknown;
  output: unknown;
  nodes: Record<string, NodeResult>;
}

const EMPTY: LiveRun = { status: null, error: null, output: null, nodes: {} };

/** Follows a run's SSE stream (snapshot, then node and run changes) until its final status. */
export function useRunEvents(slug: string, runId: string | null): LiveRun {
  const [live, setLive] = useState<LiveRun>(EMPTY);
  useEffect(() => {
    setLive(EMPTY);
    if (!runId) return;
    const source = new EventSource(`${flowRunPath(slug, runId)}/events`);
    const key = (n: NodeResult) => (n.itemKey ? `${n.nodeId}#${n.itemKey}` : n.nodeId);
    source.addEventListener("snapshot", (ev) => {
      const data = JSON.parse((ev as MessageEvent).data) as {
        run: { status: RunStatus; error: unknown; output: unknown };
        nodes: NodeResult[];
      };
      setLive({
        status: data.run.status,
        error: data.run.error,
        output: data.run.output,
        nodes: Object.fromEntries(data.nodes.map((n) => [key(n), n])),
      });
    });
    source.addEventListener("node", (ev) => {
      const n = JSON.parse((ev as MessageEvent).data) as NodeResult;
      setLive((cur) => ({ ...cur, nodes: { ...cur.nodes, [key(n)]: n } }));
    });
    source.addEventListener("run", (ev) => {
      const r = JSON.parse((ev as MessageEvent).data) as {
        status: RunStatus;
        error: unknown;
        output: unknown;
      };
      setLive((cur) => ({ ...cur, status: r.status, error: r.error, output: r.output }));
      if (r.status === "succeeded" || r.status === "failed" || r.status === "canceled") source.close();
    });
    return () => source.close();
  }, [slug, runId]);
  return live;
}
