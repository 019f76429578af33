"use client";

import { useMutation } from "@tanstack/react-query";
import { CircleCheck, CircleX } from "lucide-react";
import { api, errorMessage } from "@/components/api/client";
import { Button } from "@/components/ui/button";
import { useCurrentWorkspace } from "../../_components/workspace-context";
import { type ProviderTestResult, providerPath } from "./types";

/** Asks the server to reach the provider with the saved settings; shows the latency or the error. */
export function TestConnectionButton({ id }: { id: string }) {
  const { slug } = useCurrentWorkspace();
  const test = useMutation({
    mutationFn: () => api<ProviderTestResult>(providerPath(slug, id, "/test"), { method: "POST" }),
  });
  const result = test.data;

  return (
    // `contents`: the button and its result join the parent's row; the result wraps onto its own line.
    <div className="contents">
      <Button variant="outline" size="sm" loading={test.isPending} onClick={() => test.mutate()}>
        Test connection
      </Button>
      <p role="status" className="order-last min-w-0 basis-full text-sm empty:hidden">
        {test.isPending ? null : test.isError ? (
          <span className="inline-flex items-start gap-1.5 break-words text-destructive">
            <CircleX className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
            {errorMessage(test.error)}
          </span>
        ) : result?.ok ? (
          <span className="inline-flex items-center gap-1.5 text-success">
            <CircleCheck className="size-4 shrink-0" aria-hidden="true" />
            Connected in {Math.round(result.latencyMs).toLocaleString()} ms
          </span>
        ) : result ? (
          <span className="inline-flex items-start gap-1.5 break-words text-destructive">
            <CircleX className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
            {result.error ?? "The provider did not answer."} ({Math.round(result.latencyMs).toLocaleString()}{" "}
            ms)
          </span>
        ) : null}
      </p>
    </div>
  );
}
