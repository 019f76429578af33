"use client";

import { useCallback, useState } from "react";
import { type ImportResult, importPath } from "./types";

export const MAX_CSV_BYTES = 5 * 1024 * 1024;

export type ImportState =
  | { phase: "idle" }
  | { phase: "running"; done: number; total: number | null }
  | { phase: "done"; result: ImportResult }
  | { phase: "failed"; message: string };

type Event =
  | { type: "progress"; done: number; total: number }
  | ({ type: "result" } & ImportResult)
  | { type: "error"; error: { message: string } };

async function errorOf(res: Response): Promise<string> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    // A proxy's HTML error page, not our JSON envelope: the status line below says enough.
    body = undefined;
  }
  const message = (body as { error?: { message?: unknown } } | undefined)?.error?.message;
  return typeof message === "string" ? message : `The import failed (HTTP ${res.status}).`;
}

/**
 * Uploads a CSV and follows the server's NDJSON progress lines, so the bar
 * shows rows actually written, not bytes sent.
 */
export function useCsvImport(slug: string, onFinished: () => void) {
  const [state, setState] = useState<ImportState>({ phase: "idle" });

  const reset = useCallback(() => setState({ phase: "idle" }), []);

  const start = useCallback(
    async (file: File) => {
      if (file.size > MAX_CSV_BYTES) {
        setState({
          phase: "failed",
          message: "The file is larger than 5 MB. Split it and import the parts.",
        });
        return;
      }
      setState({ phase: "running", done: 0, total: null });
      let res: Response;
      try {
        res = await fetch(importPath(slug), {
          method: "POST",
          credentials: "same-origin",
          // Browsers label CSVs inconsistently (often application/vnd.ms-excel or nothing).
          headers: { "Content-Type": "text/csv", Accept: "application/x-ndjson" },
          body: file,
        });
      } catch {
        setState({
          phase: "failed",
          message: "Could not reach the server. Check your connection and try again.",
        });
        return;
      }
      if (!res.ok || !res.body) {
        setState({ phase: "failed", message: await errorOf(res) });
        return;
      }
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      let finished = false;
      let interrupted = false;
      const handle = (line: string) => {
        if (!line.trim()) return;
        const event = JSON.parse(line) as Event;
        if (event.type === "progress") setState({ phase: "running", done: event.done, total: event.total });
        else if (event.type === "result") {
          finished = true;
          setState({
            phase: "done",
            result: { created: event.created, updated: event.updated, errors: event.errors },
          });
        } else {
          finished = true;
          setState({ phase: "failed", message: event.error.message });
        }
      };
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer += value;
          const lines = buffer.split("\n");
          buffer = lines.pop() ?? "";
          lines.forEach(handle);
        }
        handle(buffer);
      } catch {
        interrupted = true;
      }
      if (!finished) {
        setState({
          phase: "failed",
          message: interrupted
            ? "The connection broke during the import. Rows already imported are kept; reload to see them."
            : "The import ended without a result. Rows already imported are kept; reload to see them.",
        });
      }
      onFinished();
    },
    [slug, onFinished],
  );

  return { state, start, reset };
}
