// The cost of metrics: isorpc TCP, sequential calls, against a server without metrics and one with
// createMetrics() attached (middleware + plugin). Slices alternate between the two, so machine noise
// hits both alike; the ratio is per repetition, then the median.
import { median, runFor, summarize } from './measure.mjs';
import { startTarget } from './targets.mjs';

const SLICES = 4;

/** Returns { plain, metered, ratio, ratioMin, ratioMax }: calls/s and p50 µs, medians over repetitions. */
export async function measureMetricsOverhead({ seconds, repeats, warmupSeconds }) {
  const plain = await startTarget('isorpc', 'tcp');
  const metered = await startTarget('isorpc', 'tcp', { metrics: true });
  try {
    for (const target of [plain, metered]) await runFor(target.call, { concurrency: 1, seconds: Math.max(0.5, warmupSeconds) });
    const runs = { plain: [], metered: [] };
    for (let rep = 0; rep < repeats; rep++) {
      const slices = { plain: [], metered: [] };
      for (let slice = 0; slice < SLICES; slice++) {
        slices.plain.push(await runFor(plain.call, { concurrency: 1, seconds: seconds / SLICES }));
        slices.metered.push(await runFor(metered.call, { concurrency: 1, seconds: seconds / SLICES }));
      }
      runs.plain.push(summarize(slices.plain));
      runs.metered.push(summarize(slices.metered));
    }
    const ratios = runs.metered.map((m, i) => m.callsPerSecond / runs.plain[i].callsPerSecond);
    const over = (list) => ({ callsPerSecond: median(list.map((s) => s.callsPerSecond)), p50: median(list.map((s) => s.p50)), cpuPerCall: median(list.map((s) => s.cpuPerCall)) });
    return { plain: over(runs.plain), metered: over(runs.metered), ratio: median(ratios), ratioMin: Math.min(...ratios), ratioMax: Math.max(...ratios) };
  } finally {
    await plain.close();
    await metered.close();
  }
}

/** One line for the report. */
export function formatMetricsOverhead({ plain, metered, ratio, ratioMin, ratioMax }) {
  const cps = (value) => `${Math.round(value).toLocaleString('en-US')} calls/s`;
  return [
    'metrics overhead (isorpc TCP, sequential): without metrics vs. createMetrics() attached',
    `  without ${cps(plain.callsPerSecond)} (p50 ${plain.p50.toFixed(0)} µs, ${plain.cpuPerCall.toFixed(1)} CPU µs/call)`,
    `  with    ${cps(metered.callsPerSecond)} (p50 ${metered.p50.toFixed(0)} µs, ${metered.cpuPerCall.toFixed(1)} CPU µs/call)`,
    `  ratio ${ratio.toFixed(3)} [${ratioMin.toFixed(3)}–${ratioMax.toFixed(3)}]  (1.000 = no cost; disabled or not attached costs nothing)`,
  ].join('\n');
}
