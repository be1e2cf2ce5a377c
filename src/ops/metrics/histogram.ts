/**
 * A latency histogram with fixed, log-spaced buckets (1-2.5-5 per decade, 50 µs to 30 s), the shape
 * Prometheus expects for `_bucket{le=…}`. Observing is a short scan and two additions: no allocation,
 * no sorting, so it can sit on every call. Percentiles are estimated from the buckets, as
 * Prometheus's `histogram_quantile()` does.
 */

/** Upper bounds of the buckets, in seconds; a last `+Inf` bucket is implied. */
export const LATENCY_BUCKETS_SECONDS: readonly number[] = Object.freeze([
  0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
]);

/** A histogram's state as plain data. */
export interface HistogramSnapshot {
  /** Observations in each bucket, not cumulative; one more entry than {@link LATENCY_BUCKETS_SECONDS} (the `+Inf` bucket). */
  readonly counts: readonly number[];
  /** How many observations. */
  readonly count: number;
  /** Their sum, in seconds. */
  readonly sum: number;
}

/** Mutable histogram of durations in seconds. */
export class Histogram {
  private readonly counts: number[] = new Array<number>(LATENCY_BUCKETS_SECONDS.length + 1).fill(0);
  private total = 0;
  private sum = 0;

  /** Counts one duration, in seconds. */
  observe(seconds: number): void {
    let index = 0;
    while (index < LATENCY_BUCKETS_SECONDS.length && seconds > LATENCY_BUCKETS_SECONDS[index]!) index++;
    this.counts[index]!++;
    this.total++;
    this.sum += seconds;
  }

  /** The counts so far, as a copy. */
  snapshot(): HistogramSnapshot {
    return { counts: [...this.counts], count: this.total, sum: this.sum };
  }
}

/**
 * Estimates the `q` quantile (0 < q < 1) in seconds by linear interpolation inside the bucket that
 * holds it; `undefined` with no observations. Values in the `+Inf` bucket report the last finite bound.
 */
export function quantile(histogram: HistogramSnapshot, q: number): number | undefined {
  if (histogram.count === 0) return undefined;
  const rank = q * histogram.count;
  let below = 0;
  for (let index = 0; index < histogram.counts.length; index++) {
    const inBucket = histogram.counts[index]!;
    if (below + inBucket >= rank && inBucket > 0) {
      const upper = LATENCY_BUCKETS_SECONDS[index];
      if (upper === undefined) return LATENCY_BUCKETS_SECONDS[LATENCY_BUCKETS_SECONDS.length - 1];
      const lower = index === 0 ? 0 : LATENCY_BUCKETS_SECONDS[index - 1]!;
      return lower + (upper - lower) * ((rank - below) / inBucket);
    }
    below += inBucket;
  }
  return LATENCY_BUCKETS_SECONDS[LATENCY_BUCKETS_SECONDS.length - 1];
}
