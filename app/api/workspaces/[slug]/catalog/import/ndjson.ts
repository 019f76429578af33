import { toAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";

export type ImportEvent =
  | { type: "progress"; done: number; total: number }
  | { type: "result"; created: number; updated: number; errors: { row: number; message: string }[] }
  | { type: "error"; error: { code: string; message: string } };

type Run<T> = (progress: (done: number, total: number) => void) => Promise<T>;

/**
 * Streams a long job as NDJSON: one `progress` line per step, then `result`
 * (or `error`). The response starts with the first progress line, so a job
 * that fails before it (bad file, no permission) still answers a plain 4xx
 * JSON error. A reader that goes away does not stop the job: it finishes
 * and its outcome is stored either way.
 */
export function streamJob(
  run: Run<Omit<Extract<ImportEvent, { type: "result" }>, "type">>,
  requestId: string,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const encoder = new TextEncoder();
    let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
    let gone = false;
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        controller = c;
      },
      cancel() {
        gone = true;
      },
    });
    let started = false;
    const start = () => {
      if (started) return;
      started = true;
      resolve(
        new Response(body, {
          headers: {
            "content-type": "application/x-ndjson; charset=utf-8",
            // no-transform: Next's gzip would otherwise buffer the lines and the bar would jump to the end.
            "cache-control": "no-store, no-transform",
            "x-content-type-options": "nosniff",
          },
        }),
      );
    };
    const send = (event: ImportEvent) => {
      start();
      if (!gone) controller?.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
    };
    const close = () => {
      if (!gone) controller?.close();
    };
    run((done, total) => send({ type: "progress", done, total })).then(
      (result) => {
        send({ type: "result", ...result });
        close();
      },
      (e: unknown) => {
        if (!started) return reject(e);
        const err = toAppError(e);
        if (err.status >= 500) logger.error({ requestId, err: err.cause ?? e }, "catalog import failed");
        send({ type: "error", error: { code: err.code, message: err.message } });
        close();
      },
    );
  });
}
