"use client";

import { Handle, type Node, type NodeProps, Position } from "@xyflow/react";
import { CircleAlert } from "lucide-react";
import { memo } from "react";
import { cn } from "@/lib/utils";
import type { NodeStatus } from "./api-types";
import { StatusBadge } from "./status-badge";

export interface FlowNodeData extends Record<string, unknown> {
  name: string;
  typeLabel: string;
  inputs: string[];
  outputs: string[];
  issueCount: number;
  status?: NodeStatus;
  disabled: boolean;
}

export type FlowCanvasNode = Node<FlowNodeData, "flow">;

/** One node on the canvas: name, type, named input and output handles, its issues and live status. */
export const FlowNodeView = memo(function FlowNodeView({ data, selected }: NodeProps<FlowCanvasNode>) {
  return (
    <div
      className={cn(
        "w-[220px] rounded-lg border bg-card px-3 py-2 text-card-foreground shadow-sm",
        selected && "ring-2 ring-ring",
        data.issueCount > 0 && "border-destructive",
        data.disabled && "opacity-60",
      )}
      data-testid="flow-node"
      data-node-name={data.name}
      data-status={data.status ?? ""}
    >
      {data.inputs.map((h, i) => (
        <Handle
          key={h}
          id={h}
          type="target"
          position={Position.Top}
          style={{ left: `${((i + 1) / (data.inputs.length + 1)) * 100}%` }}
          className="!size-3"
        />
      ))}
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="truncate text-sm font-medium">{data.name}</p>
          <p className="truncate text-xs text-muted-foreground">{data.typeLabel}</p>
        </div>
        <div className="flex shrink-0 flex-col items-end gap-1">
          {data.status ? <StatusBadge status={data.status} /> : null}
          {data.issueCount > 0 ? (
            <span className="flex items-center gap-1 text-xs text-destructive" title="Has validation issues">
              <CircleAlert className="size-3" aria-hidden="true" />
              {data.issueCount} {data.issueCount === 1 ? "issue" : "issues"}
            </span>
          ) : null}
        </div>
      </div>
      {data.outputs.length > 1 ? (
        <div className="mt-2 flex justify-around text-[10px] text-muted-foreground">
          {data.outputs.map((h) => (
            <span key={h}>{h}</span>
          ))}
        </div>
      ) : null}
      {data.outputs.map((h, i) => (
        <Handle
          key={h}
          id={h}
          type="source"
          position={Position.Bottom}
          style={{ left: `${((i + 1) / (data.outputs.length + 1)) * 100}%` }}
          className="!size-3"
          data-handle={h}
        />
      ))}
    </div>
  );
});
