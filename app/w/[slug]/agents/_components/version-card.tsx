"use client";

import { formatDateTime, formatRelative } from "@/components/format";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/lib/utils";
import { changedKeys, configKeys, configLabels, formatValue } from "./config-diff";
import type { AgentConfig, AgentVersion } from "./types";

function ChangedValue({
  field,
  before,
  after,
}: {
  field: keyof AgentConfig;
  before: unknown;
  after: unknown;
}) {
  return (
    <div className="grid gap-1">
      <p className="text-sm font-medium">{configLabels[field]}</p>
      <div className="grid gap-1 text-sm sm:grid-cols-2 sm:gap-2">
        <p className="max-h-48 overflow-y-auto whitespace-pre-wrap break-words rounded-md bg-destructive/10 px-2 py-1 text-muted-foreground line-through decoration-destructive/50">
          <span className="sr-only">Before: </span>
          {formatValue(field, before)}
        </p>
        <p className="max-h-48 overflow-y-auto whitespace-pre-wrap break-words rounded-md bg-success/10 px-2 py-1">
          <span className="sr-only">After: </span>
          {formatValue(field, after)}
        </p>
      </div>
    </div>
  );
}

/** The config as JSON, one key per line, changed keys highlighted. */
function ConfigJson({ config, changed }: { config: AgentConfig; changed: Set<string> }) {
  return (
    <pre className="overflow-x-auto rounded-md bg-muted/50 p-3 text-xs leading-relaxed">
      <code>
        {"{\n"}
        {configKeys.map((key, i) => (
          <span
            key={key}
            className={cn(
              "block whitespace-pre-wrap break-all",
              changed.has(key) && "-mx-1 rounded-sm bg-amber-500/15 px-1 text-amber-900 dark:text-amber-200",
            )}
          >
            {`  "${key}": ${JSON.stringify(config[key])}${i < configKeys.length - 1 ? "," : ""}`}
          </span>
        ))}
        {"}"}
      </code>
    </pre>
  );
}

export function VersionCard({
  version,
  previous,
  current,
  author,
}: {
  version: AgentVersion;
  previous: AgentVersion | undefined;
  current: boolean;
  author: string | null;
}) {
  const changed = changedKeys(version.config, previous?.config);
  return (
    <Card data-testid={`version-${version.version}`}>
      <CardHeader>
        <CardTitle className="flex flex-wrap items-center gap-2">
          Version {version.version}
          {current ? <Badge>Current</Badge> : null}
        </CardTitle>
        <CardDescription>
          <time dateTime={version.createdAt} title={formatDateTime(version.createdAt)}>
            {formatDateTime(version.createdAt)} ({formatRelative(version.createdAt)})
          </time>
          {author ? ` by ${author}` : null}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {!previous ? (
          <p className="text-sm text-muted-foreground">
            {version.version === 1 ? "Initial version." : "The previous version is not in the history."}
          </p>
        ) : changed.length === 0 ? (
          <p className="text-sm text-muted-foreground">No configuration changes.</p>
        ) : (
          <div className="grid gap-3">
            <p className="text-sm text-muted-foreground">
              Changed since version {previous.version}: {changed.map((k) => configLabels[k]).join(", ")}
            </p>
            {changed.map((k) => (
              <ChangedValue key={k} field={k} before={previous.config[k]} after={version.config[k]} />
            ))}
          </div>
        )}
        <details className="group">
          <summary className="cursor-pointer text-sm font-medium text-muted-foreground hover:text-foreground">
            Full configuration
          </summary>
          <div className="mt-2">
            <ConfigJson config={version.config} changed={new Set(changed)} />
          </div>
        </details>
      </CardContent>
    </Card>
  );
}
