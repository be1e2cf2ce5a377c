// `npm run bench:cluster`: tail latency over three servers, one of them slow, by select and fail
// mode. Failbackup asks a second server when the first has not answered within backupDelay, so the
// slow server stops setting the p99. Servers run in a worker thread, the cluster client here.
// The load is open-loop: calls start at a fixed rate whatever the replies do, and each latency is
// measured from the call's planned start, so a mode is not flattered by sending less while it is slow.
// Env: BENCH_SECONDS (default 2 per run), BENCH_REPEATS (default 3, interleaved; medians are shown),
// BENCH_RATE (calls/s, default 1000), SLOW_MS (default 20).
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { createClusterClient, listDiscovery } from '../dist/node.mjs';
import { median, percentile } from './measure.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const REPEATS = Math.max(1, Math.floor(Number(process.env.BENCH_REPEATS ?? 3)));
const RATE = Math.max(1, Number(process.env.BENCH_RATE ?? 1000));
const SLOW_MS = Number(process.env.SLOW_MS ?? 20);
const BACKUP_MS = 5;
const MODES = [
  { label: 'round-robin, failfast', options: { select: 'round-robin', fail: 'failfast' } },
  { label: `round-robin, failbackup (${BACKUP_MS} ms)`, options: { select: 'round-robin', fail: 'failbackup', backupDelay: BACKUP_MS } },
  { label: 'random, failover', options: { select: 'random', fail: 'failover' } },
  { label: `random, failbackup (${BACKUP_MS} ms)`, options: { select: 'random', fail: 'failbackup', backupDelay: BACKUP_MS } },
  { label: 'peak-ewma, failover', options: { select: 'peak-ewma', fail: 'failover' } },
];

const worker = new Worker(new URL('./cluster-servers-worker.mjs', import.meta.url), { workerData: { slowMs: SLOW_MS } });
const servers = await new Promise((resolve, reject) => {
  worker.once('message', resolve);
  worker.once('error', reject);
});
const discovery = listDiscovery(servers.map(({ address, name }) => ({ address, metadata: { name } })));

/** Server-side call counts, summed. */
async function served(client) {
  const replies = await client.broadcast('Arith.count');
  return replies.reduce((sum, { reply }) => sum + reply.served, 0);
}

/** Starts RATE calls per second for `seconds`, then waits for them; latencies in ms from each call's planned start. */
async function run(client, seconds) {
  const latencies = [];
  const settled = [];
  let errors = 0;
  const start = performance.now();
  let started = 0;
  while (performance.now() - start < seconds * 1000) {
    const due = Math.floor(((performance.now() - start) * RATE) / 1000);
    for (; started < due; started++) {
      const planned = start + (started * 1000) / RATE;
      settled.push(
        client.call('Arith.mul', { a: 6, b: 7 }).then(
          () => latencies.push(performance.now() - planned),
          () => {
            errors++;
            latencies.push(performance.now() - planned);
          },
        ),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(settled);
  const sorted = Float64Array.from(latencies).sort();
  return { calls: sorted.length, errors, callsPerSecond: sorted.length / seconds, p50: percentile(sorted, 0.5), p90: percentile(sorted, 0.9), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1] };
}

const cpus = os.cpus();
console.log(`isorpc cluster benchmark — Node ${process.version}, ${process.platform} ${process.arch}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}`);
console.log(`3 TCP servers in a worker thread, one answering after ${SLOW_MS} ms; ${RATE.toLocaleString('en-US')} calls/s started open-loop; ${SECONDS} s per run, median of ${REPEATS} interleaved runs`);
console.log('');

const clients = MODES.map((mode) => createClusterClient({ service: 'Arith', discovery, ...mode.options }));
const runs = MODES.map(() => []);
for (let rep = 0; rep < REPEATS; rep++) {
  const repStart = performance.now();
  for (const [i, client] of clients.entries()) {
    // Warm-up: connections, JIT, latency averages (longer the first time).
    await run(client, rep === 0 ? Math.min(1, SECONDS / 2) : Math.min(0.3, SECONDS / 4));
    const before = await served(client);
    const result = await run(client, SECONDS);
    const extra = (await served(client)) - before - result.calls - 3; // minus the 3 count calls
    runs[i].push({ ...result, extra: Math.max(0, extra) / result.calls });
  }
  process.stderr.write(`run ${rep + 1}/${REPEATS} done in ${((performance.now() - repStart) / 1000).toFixed(1)} s\n`);
}
for (const client of clients) client.close();
const rows = MODES.map((mode, i) => {
  const row = { mode: mode.label };
  for (const key of ['callsPerSecond', 'p50', 'p90', 'p99', 'max', 'extra', 'errors']) row[key] = median(runs[i].map((result) => result[key]));
  return row;
});
void worker.terminate();

const ms = (value) => value.toFixed(2);
const columns = [
  ['mode', (r) => r.mode],
  ['p50 ms', (r) => ms(r.p50)],
  ['p90 ms', (r) => ms(r.p90)],
  ['p99 ms', (r) => ms(r.p99)],
  ['max ms', (r) => ms(r.max)],
  ['extra requests', (r) => `${(r.extra * 100).toFixed(1)}%`],
  ['errors', (r) => String(r.errors)],
];
const cells = rows.map((row) => columns.map(([, cell]) => cell(row)));
const widths = columns.map(([title], i) => Math.max(title.length, ...cells.map((line) => line[i].length)));
const line = (values) => values.map((value, i) => (i === 0 ? value.padEnd(widths[i]) : value.padStart(widths[i]))).join(' | ');
console.log(line(columns.map(([title]) => title)));
console.log(widths.map((w) => '-'.repeat(w)).join('-+-'));
for (const row of cells) console.log(line(row));
