"use client";

import { CircleExclamationPoint } from "lucide-react";
import { Button } from "@/components/ui/button";

// Keeps the workspace shell (and its navigation) usable when a page fails to render.
export default function WorkspaceError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error && "digest" in error ? String(error.digest) : null;
  return (
    <div role="alert" className="flex flex-col items-center gap-4 py-16 text-center">
      <CircleExclamationPoint className="size-10 text-destructive" aria-hidden="true" />
      <div className="space-y-1">
        <h1 className="text-xl font-semibold">Something went wrong</h1>
        <p className="text-sm text-muted-foreground">
          This page could not be loaded. Try again in a moment.
          {digest ? <span className="block text-xs">Reference: {digest}</span> : null}
        </p>
      </div>
      <Button variant="outline" onClick={() => retry()}>
        Try again
      </Button>
    </div>
  );
}
