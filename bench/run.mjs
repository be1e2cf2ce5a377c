// `npm run bench`: isorpc vs. raw echo baselines over TCP, WebSocket and MessagePort, sequential and
// 256 in flight. Servers run in worker threads, clients in this thread, so each side has a core.
// Also: 16 × 64 KiB echoes in flight, a coalescing raw WebSocket baseline beside the naive one, the
// 10,000-in-flight RSS check and a Chromium page calling a Node WebSocket server (BENCH_BROWSER=0 skips it).
// Env: BENCH_SECONDS (default 2), BENCH_REPEATS (default 3), BENCH_TRANSPORTS (e.g. "tcp,ws").
// `--json[=file]` also writes the results (default file: bench-results.json).
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { config } from './config.mjs';
import { median } from './measure.mjs';
import { formatMetricsOverhead, measureMetricsOverhead } from './metrics-overhead.mjs';
import { ARG, METHOD, RAW_MESSAGE_BYTES } from './payload.mjs';
import { formatTable } from './report.mjs';
import { runSchedule } from './schedule.mjs';
import { formatGoalTable } from './goal-table.mjs';
import { formatRssCheck, runRssCheck } from './rss-check.mjs';
import { formatBrowserBench, runBrowserBench } from './browser.mjs';
import { formatStreamTable, runStreamBench } from './streams.mjs';
import { IMPL_LABELS, implsFor, startTarget, TRANSPORT_LABELS } from './targets.mjs';

const cpus = os.cpus();
const loadBefore = os.loadavg()[0].toFixed(1);
const started = new Date();
console.log(`isorpc benchmark — Node ${process.version}, ${process.platform} ${process.arch}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}`);
console.log(`${started.toISOString()} — ${config.seconds} s per measurement (${config.slices} interleaved slices), median of ${config.repeats} repetitions`);
console.log(`isorpc: call('${METHOD}', ${JSON.stringify(ARG)}), msgpack; raw: ${RAW_MESSAGE_BYTES}-byte messages (TCP, WS), { id, payload } posts (port)`);
console.log(`64 KiB mode: call('${METHOD}', Uint8Array(65536)); raw: 4 + 65,536-byte messages (TCP, WS), { id, payload: Uint8Array } posts (port)`);

// Every target (server worker + connected client) stays up for the whole run, so runs can interleave.
const targets = {};
for (const transport of config.transports) {
  targets[transport] = {};
  for (const impl of implsFor(transport)) targets[transport][impl] = await startTarget(impl, transport);
}
const results = await runSchedule(targets, config, (rep, seconds) => process.stderr.write(`repetition ${rep + 1}/${config.repeats} done in ${seconds.toFixed(1)} s\n`));
for (const transport of config.transports) for (const impl of implsFor(transport)) await targets[transport][impl].close();

// Metrics overhead on TCP, after the main schedule so it does not share the cores with it.
const metricsOverhead = config.transports.includes('tcp') ? await measureMetricsOverhead(config) : undefined;

const overRepetitions = (summaries) => ({
  callsPerSecond: median(summaries.map((s) => s.callsPerSecond)),
  p50: median(summaries.map((s) => s.p50)),
  p99: median(summaries.map((s) => s.p99)),
  cpuPerCall: median(summaries.map((s) => s.cpuPerCall)),
  repetitions: summaries,
});

const rows = [];
for (const transport of config.transports) {
  for (const [baseline, mode] of implsFor(transport).slice(1).flatMap((impl) => config.modes.map((m) => [impl, m]))) {
    const isorpc = results[`${transport}/${mode.name}/isorpc`];
    const raw = results[`${transport}/${mode.name}/${baseline}`];
    // Paired per repetition (the two were interleaved), then the median of the pairs.
    const ratios = isorpc.map((s, i) => s.callsPerSecond / raw[i].callsPerSecond);
    rows.push({
      transport,
      transportLabel: baseline === 'raw' ? TRANSPORT_LABELS[transport] : `${TRANSPORT_LABELS[transport]} vs ${IMPL_LABELS[baseline]}`,
      baseline,
      mode: mode.name,
      modeLabel: mode.label,
      isorpc: overRepetitions(isorpc),
      raw: overRepetitions(raw),
      ratio: median(ratios),
      ratioMin: Math.min(...ratios),
      ratioMax: Math.max(...ratios),
      belowTarget: baseline === 'raw' && mode.size === 'small' && median(ratios) < config.targetRatio,
    });
  }
}

console.log('');
console.log(formatTable(rows));
console.log('');
console.log('ratio = isorpc calls/s ÷ raw calls/s, median of the per-repetition pairs (range in brackets); other columns: median over repetitions.');
console.log('CPU µs/call = CPU time of client and server threads together per call (less sensitive to other load than calls/s).');
console.log(`load average ${loadBefore} before, ${os.loadavg()[0].toFixed(1)} after (${cpus.length} CPUs; above that, other processes competed for the cores)`);
if (metricsOverhead !== undefined) console.log(`\n${formatMetricsOverhead(metricsOverhead)}`);
if (rows.some((row) => row.belowTarget)) console.log(`! below the target ratio of ${config.targetRatio.toFixed(2)}`);

const streamRows = await runStreamBench({ transports: config.transports, repeats: config.repeats });
console.log('');
console.log('Server stream of 200,000 items ({ id, text, n } each): isorpc async generator under credit-based flow');
console.log('control (window 64) beside a raw sender that writes as fast as the transport takes it. MB/s counts wire bytes.');
console.log(formatStreamTable(streamRows, TRANSPORT_LABELS));

console.log('');
console.log('The issue\'s table: isorpc as a multiple of the raw baseline in the same run (ok = goal met).');
console.log(formatGoalTable(rows, streamRows, TRANSPORT_LABELS));

const rss = await runRssCheck(config.transports.filter((t) => t !== 'port'));
console.log('');
console.log(formatRssCheck(rss));

const browser = process.env.BENCH_BROWSER === '0' ? undefined : await runBrowserBench({ seconds: config.seconds });
if (browser !== undefined) {
  console.log('');
  console.log(formatBrowserBench(browser));
}

if (config.jsonFile !== undefined) {
  const report = {
    node: process.version,
    date: started.toISOString(),
    platform: `${process.platform} ${process.arch}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim(),
    config: { seconds: config.seconds, repeats: config.repeats, slices: config.slices, targetRatio: config.targetRatio },
    payload: { method: METHOD, arg: ARG, rawMessageBytes: RAW_MESSAGE_BYTES },
    rows: rows.map(({ transportLabel, modeLabel, ...row }) => row),
    streams: streamRows,
    rss,
    browser,
    metricsOverhead,
  };
  writeFileSync(config.jsonFile, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`results written to ${config.jsonFile}`);
}
