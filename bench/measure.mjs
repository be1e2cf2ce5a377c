// The timed loop and the statistics. A closed loop: `concurrency` lanes each issue a call, await
// its reply and issue the next, until the time is up; every call's latency is recorded.

/** Runs `call` for `seconds` with `concurrency` calls in flight; returns calls/s and latencies in µs. */
export async function measure(call, { concurrency, seconds }) {
  let latencies = new Float64Array(1 << 18);
  let count = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  let last = start;

  async function lane() {
    for (;;) {
      const sent = performance.now();
      if (sent >= deadline) return;
      await call();
      last = performance.now();
      if (count === latencies.length) {
        const grown = new Float64Array(count * 2);
        grown.set(latencies);
        latencies = grown;
      }
      latencies[count++] = last - sent;
    }
  }

  await Promise.all(Array.from({ length: concurrency }, lane));
  const sorted = latencies.subarray(0, count).sort();
  return {
    calls: count,
    callsPerSecond: count / ((last - start) / 1000),
    p50: percentile(sorted, 0.5) * 1000,
    p99: percentile(sorted, 0.99) * 1000,
  };
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
