import { describe, expect, it } from "vitest";
import { TokenBucketLimiter } from "./token-bucket";

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("TokenBucketLimiter", () => {
  it("allows a burst up to capacity, then refuses with a retry delay", () => {
    const c = clock();
    const limiter = TokenBucketLimiter.perMinute(3, { now: c.now });
    expect([1, 2, 3].map(() => limiter.take("k").allowed)).toEqual([true, true, true]);
    const refused = limiter.take("k");
    expect(refused).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 20 });
  });

  it("refills at limit/60 tokens per second, never above capacity", () => {
    const c = clock();
    const limiter = TokenBucketLimiter.perMinute(60, { now: c.now });
    for (let i = 0; i < 60; i++) limiter.take("k");
    expect(limiter.take("k").allowed).toBe(false);
    c.advance(1000);
    expect(limiter.take("k")).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.take("k").allowed).toBe(false);
    c.advance(3_600_000);
    expect(limiter.take("k").remaining).toBe(59);
  });

  it("keeps keys apart", () => {
    const c = clock();
    const limiter = TokenBucketLimiter.perMinute(1, { now: c.now });
    expect(limiter.take("a").allowed).toBe(true);
    expect(limiter.take("a").allowed).toBe(false);
    expect(limiter.take("b").allowed).toBe(true);
  });

  it("reports a retry delay that covers the missing tokens, at least one second", () => {
    const c = clock();
    const limiter = new TokenBucketLimiter({ capacity: 2, refillPerSecond: 4, now: c.now });
    limiter.take("k", 2);
    expect(limiter.take("k").retryAfterSeconds).toBe(1);
    const slow = new TokenBucketLimiter({ capacity: 1, refillPerSecond: 0.1, now: c.now });
    slow.take("k");
    expect(slow.take("k").retryAfterSeconds).toBe(10);
  });

  it("ignores a clock going backwards", () => {
    const c = clock();
    const limiter = TokenBucketLimiter.perMinute(2, { now: c.now });
    limiter.take("k");
    c.advance(-60_000);
    expect(limiter.take("k").allowed).toBe(true);
    expect(limiter.take("k").allowed).toBe(false);
  });

  it("forgets refilled buckets once it tracks too many keys", () => {
    const c = clock();
    const limiter = TokenBucketLimiter.perMinute(60, { now: c.now, maxKeys: 3 });
    for (const k of ["a", "b", "c"]) limiter.take(k);
    c.advance(2000); // a, b, c are full again
    limiter.take("busy");
    expect(limiter.size).toBe(1);
    // A still-draining bucket is kept: forgetting it would hand out a fresh burst.
    for (let i = 0; i < 10; i++) limiter.take("busy");
    for (const k of ["x", "y", "z"]) limiter.take(k);
    expect(limiter.size).toBeGreaterThanOrEqual(3);
    expect(limiter.take("busy").remaining).toBeLessThan(59);
  });

  it("rejects nonsense options", () => {
    expect(() => new TokenBucketLimiter({ capacity: 0, refillPerSecond: 1 })).toThrow(RangeError);
    expect(() => new TokenBucketLimiter({ capacity: 1, refillPerSecond: 0 })).toThrow(RangeError);
  });
});
