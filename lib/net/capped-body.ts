export interface CapOptions {
  maxBytes: number;
  tooLarge: () => Error;
  /** Turns a read failure (timeout, reset) into the error the reader should see. */
  mapError: (e: unknown) => unknown;
}

/**
 * Re-streams a body, counting bytes as they arrive: Content-Length can lie or
 * be absent, so the cap is enforced on what is actually read. Cancelling the
 * source on overflow or on the reader's cancel lets undici drop that
 * connection; a body read to its end leaves it free for reuse.
 */
export function capBody(source: ReadableStream<Uint8Array>, opts: CapOptions): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let seen = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          return;
        }
        seen += value.byteLength;
        if (seen > opts.maxBytes) {
          // Already failing with tooLarge: a second error from the cancel adds nothing.
          await reader.cancel().catch(() => undefined);
          controller.error(opts.tooLarge());
          return;
        }
        controller.enqueue(value);
      } catch (e) {
        controller.error(opts.mapError(e));
      }
    },
    async cancel(reason) {
      await reader.cancel(reason).catch(() => undefined);
    },
  });
}
