import { cn } from "@/lib/utils";
import type { NodeResult } from "./api-types";
import { StatusBadge } from "./status-badge";

const json = (v: unknown) => JSON.stringify(v, null, 2);

/** Pretty JSON in a box that scrolls, reachable by keyboard when it does (axe scrollable-region-focusable). */
export function JsonPre({ value, className }: { value: unknown; className?: string }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable box must be reachable by keyboard
    <pre className={cn("max-h-60 overflow-auto rounded-md bg-muted p-2 text-xs", className)} tabIndex={0}>
      {json(value)}
    </pre>
  );
}

function Block({ label, value }: { label: string; value: unknown }) {
  return (
    <div className="grid gap-1">
      <p className="text-xs font-medium text-muted-foreground">{label}</p>
      <JsonPre value={value} />
    </div>
  );
}

/** One node's result: status, duration, the handle it took, its input, output and error. */
export function NodeResultView({ result, name }: { result: NodeResult; name?: string }) {
  return (
    <div className="grid gap-2" data-testid="node-result" data-node-id={result.nodeId}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        {name ? <span className="font-medium">{name}</span> : null}
        {result.itemKey ? <span className="text-muted-foreground">item {result.itemKey}</span> : null}
        <StatusBadge status={result.status} />
        {result.durationMs !== null ? (
          <span className="text-muted-foreground">{result.durationMs} ms</span>
        ) : null}
        {result.port && result.port !== "out" ? (
          <span className="text-muted-foreground">→ {result.port}</span>
        ) : null}
        {result.attempt > 1 ? <span className="text-muted-foreground">attempt {result.attempt}</span> : null}
      </div>
      {result.error ? <Block label="Error" value={result.error} /> : null}
      <Block label="Input" value={result.input} />
      {result.output !== null ? <Block label="Output" value={result.output} /> : null}
    </div>
  );
}
