// `isorpc bench <address> <method> [json] -c N -d S`: N calls in flight for S seconds, a progress
// line while it runs, then throughput and latency percentiles.
import { callOptions, open, parseJson, positiveNumber, UsageError } from './output.mjs';

/** The q-quantile of sorted latencies (nearest rank). */
function percentile(sorted, q) {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

const ms = (value) => `${value.toFixed(3)} ms`;

export async function bench([address, method, json, ...extra], values) {
  if (method === undefined) throw new UsageError('missing <Service.method>');
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')} (quote the JSON argument)`);
  const arg = parseJson(json, 'the argument');
  const concurrency = Math.floor(positiveNumber(values.concurrency, '-c', 1));
  const seconds = positiveNumber(values.duration, '-d', 10);
  const options = callOptions(values);
  const client = await open(address, values);
  const latencies = [];
  const errors = new Map();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let done = 0;
  const report = () => {
    const elapsed = (performance.now() - started) / 1000;
    process.stderr.write(`\r${elapsed.toFixed(1)}/${seconds} s  ${done} calls  ${(done / elapsed).toFixed(0)} calls/s  ${[...errors.values()].reduce((a, b) => a + b, 0)} errors   `);
  };
  const progress = setInterval(report, 1000);
  const lane = async () => {
    while (performance.now() < deadline) {
      const sent = performance.now();
      try {
        await client.call(method, arg, options);
        latencies.push(performance.now() - sent);
      } catch (error) {
        const code = error?.code ?? 'ERROR';
        errors.set(code, (errors.get(code) ?? 0) + 1);
        if (code === 'CLOSED' || code === 'UNAVAILABLE') throw error; // the server is gone: stop
      }
      done++;
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, lane));
  } finally {
    clearInterval(progress);
    report(); // the last line shows the totals, however short the run
    process.stderr.write('\n');
    client.close();
  }
  const elapsed = (performance.now() - started) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  console.log(`${method} on ${address}: ${concurrency} in flight for ${elapsed.toFixed(2)} s`);
  console.log(`calls: ${done}  ok: ${latencies.length}  errors: ${done - latencies.length}${errors.size > 0 ? ` (${[...errors].map(([code, n]) => `${code} ${n}`).join(', ')})` : ''}`);
  console.log(`throughput: ${(latencies.length / elapsed).toFixed(1)} calls/s`);
  console.log(`latency: p50 ${ms(percentile(sorted, 0.5))}  p90 ${ms(percentile(sorted, 0.9))}  p99 ${ms(percentile(sorted, 0.99))}  max ${ms(sorted.at(-1) ?? NaN)}`);
  return errors.size > 0 && latencies.length === 0 ? 1 : 0;
}
