export interface CapOptions {
  maxBytes: number;
  tooLarge: () => Error;
  /** Turns a read failure (timeout, reset) into the error the reader should see. */
  mapError: (e: unknown) => unknown;
  /** Called once when the body ends, fails or is cancelled, to release the connection. */
  done: (failed: boolean) => void;
}

/**
 * Re-streams a body, counting bytes as they arrive: Content-Length can lie or
 * be absent, so the cap is enforced on what is actually read.
 */
export function capBody(source: ReadableStream<Uint8Array>, opts: CapOptions): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let seen = 0;
  let finished = false;
  const finish = (failed: boolean) => {
    if (finished) return;
    finished = true;
    opts.done(failed);
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          finish(false);
          return;
        }
        seen += value.byteLength;
        if (seen > opts.maxBytes) {
          await reader.cancel().catch(() => {});
          controller.error(opts.tooLarge());
          finish(true);
          return;
        }
        controller.enqueue(value);
      } catch (e) {
        controller.error(opts.mapError(e));
        finish(true);
      }
    },
    async cancel(reason) {
      await reader.cancel(reason).catch(() => {});
      finish(true);
    },
  });
}
