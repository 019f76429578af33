"use client";

import { Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import type { FlowNode, NodeResult, NodeTypeInfo } from "./api-types";
import { NodeResultView } from "./node-result-view";
import { SchemaForm } from "./schema-form";

/** The selected node: name, generated config form, disabled switch, its last test-run result. */
export function NodeConfigPanel({
  node,
  type,
  issues,
  results,
  onChange,
  onDelete,
}: {
  node: FlowNode;
  type: NodeTypeInfo | undefined;
  issues: Record<string, string>;
  results: NodeResult[];
  onChange: (patch: Partial<FlowNode>) => void;
  onDelete: () => void;
}) {
  const prefix = `node-${node.id}`;
  const nodeIssues = Object.entries(issues).filter(([k]) => k === "" || k === "type" || k === "id");
  return (
    <div className="grid gap-4" data-testid="node-config">
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 className="truncate font-semibold">{node.name}</h2>
          <p className="text-sm text-muted-foreground">{type?.description ?? node.type}</p>
        </div>
        <Button variant="ghost" size="icon" aria-label={`Delete ${node.name}`} onClick={onDelete}>
          <Trash2 aria-hidden="true" />
        </Button>
      </div>
      {nodeIssues.map(([k, m]) => (
        <p key={k} role="alert" className="text-sm text-destructive">
          {m}
        </p>
      ))}
      <FormField
        id={`${prefix}-name`}
        label="Name"
        error={issues.name}
        description='Expressions refer to a node by name: {{ $node["Name"].output }}'
      >
        <Input value={node.name} onChange={(e) => onChange({ name: e.target.value })} />
      </FormField>
      {type ? (
        <SchemaForm
          idPrefix={prefix}
          schema={type.configSchema}
          value={node.config}
          onChange={(config) => onChange({ config })}
          issues={issues}
        />
      ) : (
        <p className="text-sm text-destructive">Unknown node type “{node.type}”.</p>
      )}
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          className="size-4 accent-primary"
          checked={node.disabled}
          onChange={(e) => onChange({ disabled: e.target.checked })}
        />
        Disabled (passes its input through)
      </label>
      {results.length > 0 ? (
        <section className="grid gap-3 border-t pt-3" aria-label="Last test run">
          <h3 className="text-sm font-semibold">Last test run</h3>
          {results.map((r) => (
            <NodeResultView key={`${r.nodeId}#${r.itemKey}`} result={r} />
          ))}
        </section>
      ) : null}
    </div>
  );
}
