// `npm run bench`: isorpc vs. raw echo baselines over TCP, WebSocket and MessagePort, sequential
// and 256 in flight. Servers run in worker threads, clients here. Env: BENCH_SECONDS (default 2),
// BENCH_REPEATS (default 3), BENCH_TRANSPORTS (e.g. "tcp,ws"). `--json[=file]` also saves results.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { measure, median } from './measure.mjs';
import { ARG, METHOD, RAW_MESSAGE_BYTES } from './payload.mjs';
import { formatTable } from './report.mjs';
import { startTarget, TRANSPORT_LABELS, TRANSPORTS } from './targets.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const REPEATS = Math.max(1, Math.floor(Number(process.env.BENCH_REPEATS ?? 3)));
// A warm-up before every run lets GC and the other thread settle; the first run of each target
// gets a longer one so JIT compilation is not timed.
const WARMUP = Math.min(0.3, SECONDS / 4);
const FIRST_WARMUP = Math.min(1, SECONDS / 2);
const TARGET_RATIO = 0.5;
const MODES = [
  { name: 'sequential', label: 'sequential', concurrency: 1 },
  { name: 'inflight256', label: '256 in flight', concurrency: 256 },
];
const IMPLS = ['isorpc', 'raw'];

const transports = (process.env.BENCH_TRANSPORTS?.split(',') ?? TRANSPORTS).map((t) => t.trim());
for (const t of transports) if (!TRANSPORTS.includes(t)) throw new Error(`BENCH_TRANSPORTS: unknown transport "${t}" (use ${TRANSPORTS.join(', ')})`);
if (!(SECONDS > 0)) throw new Error(`BENCH_SECONDS must be > 0, got ${process.env.BENCH_SECONDS}`);
const jsonArg = process.argv.slice(2).find((arg) => arg === '--json' || arg.startsWith('--json='));
const jsonFile = jsonArg === undefined ? undefined : jsonArg.slice('--json='.length) || 'bench-results.json';

const cpus = os.cpus();
const started = new Date();
console.log(`isorpc benchmark — Node ${process.version}, ${process.platform} ${process.arch}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}`);
console.log(`${started.toISOString()} — ${SECONDS} s per run, median of ${REPEATS} interleaved runs`);
console.log(`isorpc: call('${METHOD}', ${JSON.stringify(ARG)}), msgpack; raw: ${RAW_MESSAGE_BYTES}-byte messages (TCP/WS), { id, payload } posts (port)`);
console.log('');

// Every target (server worker + connected client) stays up for the whole run, so runs can interleave.
const targets = {};
for (const transport of transports) {
  targets[transport] = {};
  for (const impl of IMPLS) targets[transport][impl] = await startTarget(impl, transport);
}

const runs = {}; // `${transport}/${mode}/${impl}` → results, one per repetition
const warmed = new Set();
for (let rep = 0; rep < REPEATS; rep++) {
  const repStart = performance.now();
  for (const transport of transports) {
    for (const mode of MODES) {
      // isorpc and raw run back to back, alternating who goes first, so drift hits both alike.
      for (const impl of rep % 2 === 0 ? IMPLS : [...IMPLS].reverse()) {
        const key = `${transport}/${mode.name}/${impl}`;
        const { call } = targets[transport][impl];
        await measure(call, { concurrency: mode.concurrency, seconds: warmed.has(key) ? WARMUP : FIRST_WARMUP });
        warmed.add(key);
        (runs[key] ??= []).push(await measure(call, { concurrency: mode.concurrency, seconds: SECONDS }));
      }
    }
  }
  process.stderr.write(`run ${rep + 1}/${REPEATS} done in ${((performance.now() - repStart) / 1000).toFixed(1)} s\n`);
}

for (const transport of transports) for (const impl of IMPLS) await targets[transport][impl].close();

const summarize = (results) => ({
  callsPerSecond: median(results.map((r) => r.callsPerSecond)),
  p50: median(results.map((r) => r.p50)),
  p99: median(results.map((r) => r.p99)),
  runs: results,
});

const rows = [];
for (const transport of transports) {
  for (const mode of MODES) {
    const isorpcRuns = runs[`${transport}/${mode.name}/isorpc`];
    const rawRuns = runs[`${transport}/${mode.name}/raw`];
    // Ratios are paired per repetition (the two ran back to back), then the median is taken.
    const ratios = isorpcRuns.map((r, i) => r.callsPerSecond / rawRuns[i].callsPerSecond);
    rows.push({
      transport,
      transportLabel: TRANSPORT_LABELS[transport],
      mode: mode.name,
      modeLabel: mode.label,
      isorpc: summarize(isorpcRuns),
      raw: summarize(rawRuns),
      ratio: median(ratios),
      ratioMin: Math.min(...ratios),
      ratioMax: Math.max(...ratios),
      target: TARGET_RATIO,
    });
  }
}

console.log('');
console.log(formatTable(rows));
console.log('');
console.log('ratio = isorpc calls/s ÷ raw calls/s: median of per-run pairs (range over runs); latency = median over runs.');
if (rows.some((row) => row.ratio < TARGET_RATIO)) console.log(`! below the ${TARGET_RATIO.toFixed(2)} target`);

if (jsonFile !== undefined) {
  const report = {
    node: process.version,
    date: started.toISOString(),
    platform: `${process.platform} ${process.arch}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim(),
    seconds: SECONDS,
    repeats: REPEATS,
    payload: { method: METHOD, arg: ARG, rawMessageBytes: RAW_MESSAGE_BYTES },
    rows: rows.map(({ transportLabel, modeLabel, target, ...row }) => row),
  };
  writeFileSync(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`results written to ${jsonFile}`);
}
