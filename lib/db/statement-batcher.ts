/**
 * Group commit for one kind of write: calls that arrive while earlier batches
 * are in flight are sent together as the next batch, so under load N callers
 * share one round trip and one commit, and alone a call is sent at once (no
 * timer, no added latency). Each caller gets its own result. When a batch of
 * several fails, its items are retried one by one, so one bad item (a row
 * deleted meanwhile) fails only its own caller.
 */
export function statementBatcher<T, R>(
  flush: (items: T[]) => Promise<R[]>,
  opts: { maxBatch: number; maxInFlight: number },
): (item: T) => Promise<R> {
  type Waiter = { item: T; resolve: (r: R) => void; reject: (e: unknown) => void };
  let queue: Waiter[] = [];
  let inFlight = 0;

  const send = async (batch: Waiter[]) => {
    try {
      const results = await flush(batch.map((w) => w.item));
      if (results.length !== batch.length)
        throw new Error(`batch answered ${results.length} of ${batch.length}`);
      batch.forEach((w, i) => {
        w.resolve(results[i] as R);
      });
    } catch (e) {
      if (batch.length === 1) {
        batch[0]?.reject(e);
        return;
      }
      for (const w of batch) {
        await flush([w.item]).then(
          (r) => (r.length === 1 ? w.resolve(r[0] as R) : w.reject(e)),
          (err: unknown) => w.reject(err),
        );
      }
    }
  };

  const pump = () => {
    while (inFlight < opts.maxInFlight && queue.length > 0) {
      const batch = queue.slice(0, opts.maxBatch);
      queue = queue.slice(batch.length);
      inFlight++;
      void send(batch).finally(() => {
        inFlight--;
        pump();
      });
    }
  };

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      pump();
    });
}
