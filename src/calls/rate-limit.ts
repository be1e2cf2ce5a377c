/** A rate: `rate` calls per second on average, with bursts of up to `burst` (default: `rate`). */
export interface RateLimit {
  /** Calls per second allowed on average. */
  rate: number;
  /** Calls allowed at once after a quiet spell (the bucket's size). */
  burst?: number;
}

/** Per-server rate limiting; calls over it are answered `RESOURCE_EXHAUSTED`. */
export interface RateLimitOptions {
  /** For each connection separately. */
  perConnection?: RateLimit;
  /** For all connections together. */
  global?: RateLimit;
}

/** A token bucket: refilled continuously at `rate` tokens per second up to `burst`. */
export class TokenBucket {
  private tokens: number;
  private updated = Date.now();
  private readonly burst: number;
  private readonly perMs: number;

  constructor({ rate, burst }: RateLimit) {
    if (!(rate > 0) || !Number.isFinite(rate)) throw new TypeError(`rate must be a number of calls per second > 0, got ${String(rate)}`);
    this.burst = Math.max(1, burst ?? rate);
    this.perMs = rate / 1000;
    this.tokens = this.burst;
  }

  /** Takes a token if there is one. */
  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + (now - this.updated) * this.perMs);
    this.updated = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * @internal What a server with rate limits hands its connections: each asks once for its own check,
 * which takes a token per call from the connection's bucket and the server's shared one. Built by the
 * server, so a client's connection carries no rate-limit code.
 */
export interface Limiter {
  forConnection(): () => boolean;
}

/** @internal The limiter for `options`, its rates checked now (a TypeError), not at the first call. */
export function createLimiter({ perConnection, global }: RateLimitOptions): Limiter {
  if (perConnection !== undefined) new TokenBucket(perConnection);
  const shared = global === undefined ? undefined : new TokenBucket(global);
  return {
    forConnection() {
      const own = perConnection === undefined ? undefined : new TokenBucket(perConnection);
      return () => (own === undefined || own.take()) && (shared === undefined || shared.take());
    },
  };
}
