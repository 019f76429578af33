"use client";

import { CircleExclamationPoint, RotateCcw } from "lucide-react";
import { Button } from "@/components/ui/button";

/** A failed reply, inline where the reply would be, with a way to ask again. */
export function MessageError({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div
      role="alert"
      className="flex flex-wrap items-center gap-x-3 gap-y-2 rounded-md border border-destructive/40 bg-destructive/5 px-3 py-2 text-sm"
    >
      <p className="flex min-w-0 flex-1 items-start gap-2 text-destructive">
        <CircleExclamationPoint className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
        <span className="min-w-0 break-words">{message}</span>
      </p>
      {onRetry ? (
        <Button variant="outline" size="sm" onClick={onRetry}>
          <RotateCcw aria-hidden="true" />
          Retry
        </Button>
      ) : null}
    </div>
  );
}
