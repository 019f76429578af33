import type { Database } from "../../db/client";
import { cancelRequested } from "./run-checkpoint";
import type { RunRow } from "./run-store";

const CANCEL_POLL_MS = 500;

/** Races the node against its timeout and a cancel, aborting its signal either way. */
export async function withLimits<T>(
  work: Promise<T>,
  controller: AbortController,
  timeoutMs: number,
  db: Database,
  run: RunRow,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let poll: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const e = new Error(`The node took longer than ${timeoutMs} ms.`);
      e.name = "FlowTimeout";
      controller.abort(e);
      reject(e);
    }, timeoutMs);
    // Long nodes look for a cancel now and then; short ones never pay for it.
    poll = setInterval(() => {
      void cancelRequested(db, run).then(
        (c) => {
          if (!c) return;
          const e = new Error("canceled");
          e.name = "FlowCanceled";
          controller.abort(e);
          reject(e);
        },
        () => undefined,
      );
    }, CANCEL_POLL_MS);
  });
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
    clearInterval(poll);
  }
}
