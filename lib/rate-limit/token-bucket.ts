// An in-process token bucket per key. For limits that protect one process
// (the MCP server's per-key budget) where a database round trip per request
// would cost more than the request itself. Processes do not share buckets: with
// N replicas a key gets up to N times the budget, which is stated in the docs.

export interface TokenBucketOptions {
  /** Tokens a full bucket holds: the largest burst allowed. */
  capacity: number;
  /** Tokens added per second, up to `capacity`. */
  refillPerSecond: number;
  /** Clock in milliseconds; injectable so tests do not sleep. */
  now?: () => number;
  /** Above this many keys, buckets that have refilled completely are forgotten. */
  maxKeys?: number;
}

export interface TakeResult {
  allowed: boolean;
  /** Whole tokens left after this take. */
  remaining: number;
  /** Seconds until a token is available again (0 when allowed). */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly capacity: number;
  private readonly perMs: number;
  private readonly now: () => number;
  private readonly maxKeys: number;

  constructor(opts: TokenBucketOptions) {
    if (!(opts.capacity >= 1)) throw new RangeError("capacity must be at least 1");
    if (!(opts.refillPerSecond > 0)) throw new RangeError("refillPerSecond must be positive");
    this.capacity = opts.capacity;
    this.perMs = opts.refillPerSecond / 1000;
    this.now = opts.now ?? Date.now;
    this.maxKeys = opts.maxKeys ?? 10_000;
  }

  /** `limit` per minute, with a burst of up to `limit`. */
  static perMinute(limit: number, opts: Omit<TokenBucketOptions, "capacity" | "refillPerSecond"> = {}) {
    return new TokenBucketLimiter({ ...opts, capacity: limit, refillPerSecond: limit / 60 });
  }

  take(key: string, cost = 1): TakeResult {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.sweep(now);
      bucket = { tokens: this.capacity, at: now };
      this.buckets.set(key, bucket);
    } else {
      this.refill(bucket, now);
    }
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      return { allowed: true, remaining: Math.floor(bucket.tokens), retryAfterSeconds: 0 };
    }
    const waitMs = (cost - bucket.tokens) / this.perMs;
    return { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  /** Number of keys currently tracked (for tests and metrics). */
  get size(): number {
    return this.buckets.size;
  }

  private refill(bucket: Bucket, now: number): void {
    // A clock that goes backwards (test clocks, NTP steps) must not drain the bucket.
    const elapsed = Math.max(0, now - bucket.at);
    bucket.tokens = Math.min(this.capacity, bucket.tokens + elapsed * this.perMs);
    bucket.at = now;
  }

  /** A full bucket is the same as no bucket: forget those, so memory follows active keys only. */
  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) {
      this.refill(bucket, now);
      if (bucket.tokens >= this.capacity) this.buckets.delete(key);
    }
  }
}
