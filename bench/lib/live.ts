/**
 * Live conversations: `conversations` customers at once, each writing a
 * message every `periodMs` (each at its own random phase, so they overlap as
 * real ones do rather than arriving in one synchronized burst), `messages`
 * times. A customer whose answer is late writes the next one once it came (a
 * conversation waits for its answer). `turn` sends conversation k's i-th
 * message and resolves with its latency in ms.
 */
export async function liveConversations(o: {
  conversations: number;
  periodMs: number;
  messages: number;
  turn: (k: number, i: number) => Promise<number>;
}): Promise<number[]> {
  const samples: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: o.conversations }, async (_, k) => {
      const phase = Math.random() * o.periodMs;
      for (let i = 0; i < o.messages; i++) {
        const wait = t0 + phase + i * o.periodMs - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        samples.push(await o.turn(k, i));
      }
    }),
  );
  return samples;
}
