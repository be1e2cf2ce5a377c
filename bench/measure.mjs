// The timed loop and the statistics. A closed loop: `concurrency` lanes each issue a call, await
// its reply and issue the next, until the time is up; every call's latency is recorded.

/**
 * Runs `call` for `seconds` (or until `maxCalls` were issued) with `concurrency` calls in flight;
 * returns the count, time, CPU time and latencies (ms).
 */
export async function runFor(call, { concurrency, seconds, maxCalls = Infinity }) {
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  let issued = 0;
  // CPU time of the whole process (client here + server worker): work per call, which machine
  // noise distorts far less than wall-clock throughput.
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const deadline = start + seconds * 1000;
  let last = start;

  async function lane() {
    for (;;) {
      const sent = performance.now();
      if (sent >= deadline || issued++ >= maxCalls) return;
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
  const cpu = process.cpuUsage(cpuBefore);
  // Time runs until the last reply, so calls still in flight at the deadline are counted fairly.
  return { calls: count, elapsedMs: last - start, cpuMicros: cpu.user + cpu.system, latencies: latencies.subarray(0, count) };
}

/** Merges slices of one measurement into calls/s, p50/p99 latency in µs and CPU µs per call. */
export function summarize(slices) {
  let calls = 0;
  let elapsedMs = 0;
  let cpuMicros = 0;
  for (const slice of slices) {
    calls += slice.calls;
    elapsedMs += slice.elapsedMs;
    cpuMicros += slice.cpuMicros;
  }
  const sorted = new Float64Array(calls);
  let offset = 0;
  for (const slice of slices) {
    sorted.set(slice.latencies, offset);
    offset += slice.calls;
  }
  sorted.sort();
  return {
    calls,
    callsPerSecond: calls / (elapsedMs / 1000),
    p50: percentile(sorted, 0.5) * 1000,
    p99: percentile(sorted, 0.99) * 1000,
    cpuPerCall: cpuMicros / calls,
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
