/** Upper bounds (ms) of the time-to-first-token buckets; mirrors private.ttft_bounds(). */
export const TTFT_BOUNDS = [
  100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 7500, 10000, 20000, 60000,
] as const;

export function addHistograms(a: number[], b: number[]): number[] {
  const out = new Array(Math.max(a.length, b.length)).fill(0);
  for (let i = 0; i < out.length; i++) out[i] = (a[i] ?? 0) + (b[i] ?? 0);
  return out;
}

/**
 * The bucket bound at quantile q: an upper estimate, exact to the bucket.
 * The open last bucket reports the last bound. Null with no samples.
 */
export function histogramQuantile(hist: number[], q: number): number | null {
  const total = hist.reduce((s, n) => s + n, 0);
  if (total === 0) return null;
  const target = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let i = 0; i < hist.length; i++) {
    seen += hist[i] ?? 0;
    if (seen >= target) return TTFT_BOUNDS[Math.min(i, TTFT_BOUNDS.length - 1)] ?? null;
  }
  return TTFT_BOUNDS[TTFT_BOUNDS.length - 1] ?? null;
}
