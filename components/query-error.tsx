"use client";

import { CircleExclamationPoint } from "lucide-react";
import { errorMessage } from "@/components/api/client";
import { Button } from "@/components/ui/button";

/** Shown in place of data that failed to load, with a way to try again. */
export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div
      role="alert"
      className="flex flex-col items-start gap-3 rounded-lg border border-destructive/40 bg-destructive/5 p-4 text-sm"
    >
      <p className="flex items-center gap-2 text-destructive">
        <CircleExclamationPoint className="size-4 shrink-0" aria-hidden="true" />
        {errorMessage(error)}
      </p>
      {onRetry ? (
        <Button variant="outline" size="sm" onClick={onRetry}>
          Try again
        </Button>
      ) : null}
    </div>
  );
}
