"use client";

import { ChevronRight, CircleAlert, LoaderCircle, Wrench } from "lucide-react";

export interface ToolCallView {
  name: string;
  state: string;
  input: unknown;
  output?: unknown;
  errorText?: string;
}

const MAX_SUMMARY = 60;

function clip(text: string): string {
  return text.length > MAX_SUMMARY ? `${text.slice(0, MAX_SUMMARY - 1)}…` : text;
}

function compact(value: unknown): string {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** `{ expression: "6*7" }` reads best as `6*7`; anything richer as compact JSON. */
function summarizeInput(input: unknown): string {
  if (input && typeof input === "object" && !Array.isArray(input)) {
    const values = Object.values(input);
    if (values.length === 0) return "";
    const [only] = values;
    if (values.length === 1 && (typeof only === "string" || typeof only === "number"))
      return clip(String(only));
  }
  return clip(compact(input));
}

function summarizeOutput(output: unknown): string {
  if (output && typeof output === "object" && !Array.isArray(output)) {
    const o = output as Record<string, unknown>;
    if ("result" in o) return clip(compact(o.result));
    if (typeof o.error === "string") return clip(`error: ${o.error}`);
  }
  return clip(compact(output));
}

function pretty(value: unknown): string {
  if (value === undefined) return "—";
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

/** One tool call inline in a reply: "calculator · 6*7 → 42", expandable to the full input and output. */
export function ToolCall({ call }: { call: ToolCallView }) {
  const running = call.state === "input-streaming" || call.state === "input-available";
  const failed = call.state === "output-error";
  const input = summarizeInput(call.input);
  return (
    <details data-testid="tool-call" className="group min-w-0 rounded-md border bg-muted/40 text-sm">
      <summary className="flex cursor-pointer list-none items-center gap-2 px-3 py-1.5 [&::-webkit-details-marker]:hidden">
        <ChevronRight
          className="size-3.5 shrink-0 text-muted-foreground transition-transform group-open:rotate-90"
          aria-hidden="true"
        />
        <Wrench className="size-3.5 shrink-0 text-muted-foreground" aria-hidden="true" />
        <span className="min-w-0 truncate font-mono text-xs">
          <span className="font-semibold">{call.name}</span>
          {input ? <span className="text-muted-foreground"> · {input}</span> : null}
          {call.state === "output-available" ? <span> → {summarizeOutput(call.output)}</span> : null}
        </span>
        {running ? (
          <LoaderCircle className="ml-auto size-3.5 shrink-0 animate-spin" aria-label="Running" />
        ) : failed ? (
          <CircleAlert className="ml-auto size-3.5 shrink-0 text-destructive" aria-label="Failed" />
        ) : null}
      </summary>
      <div className="grid gap-2 border-t px-3 py-2">
        <ToolSection label="Input" value={pretty(call.input)} />
        {failed ? (
          <p className="text-xs text-destructive">{call.errorText || "The tool failed."}</p>
        ) : running ? null : (
          <ToolSection label="Output" value={pretty(call.output)} />
        )}
      </div>
    </details>
  );
}

function ToolSection({ label, value }: { label: string; value: string }) {
  return (
    <div className="grid min-w-0 gap-1">
      <span className="text-xs font-medium text-muted-foreground">{label}</span>
      <pre className="max-h-64 overflow-auto rounded bg-background p-2 font-mono text-xs">{value}</pre>
    </div>
  );
}
