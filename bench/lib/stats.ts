export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

export function summarize(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return {
    n: s.length,
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    mean: round(s.reduce((a, b) => a + b, 0) / Math.max(1, s.length)),
  };
}

/** Runs `fn` `total` times with `concurrency` in flight, returning each call's milliseconds. */
export async function measure(
  total: number,
  concurrency: number,
  fn: () => Promise<void>,
): Promise<number[]> {
  const samples: number[] = [];
  let started = 0;
  async function lane() {
    while (started < total) {
      started++;
      const t0 = performance.now();
      await fn();
      samples.push(performance.now() - t0);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane));
  return samples;
}
