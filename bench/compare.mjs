// `npm run bench:compare`: isorpc beside the libraries a page-and-Worker app would pick instead (birpc,
// Comlink, Cap'n Web), each calling `echo` on a worker thread over its own MessagePort, and a raw
// postMessage echo as the common baseline. Same payloads, same timed loop and interleaved slices as
// `npm run bench` (bench/schedule.mjs), medians over BENCH_REPEATS; then each library's browser bundle
// for a page that calls a Worker (esbuild, minified, gzip -9), as `npm run size` measures isorpc's.
// Env: BENCH_SECONDS (2), BENCH_REPEATS (3). Run it alone: the machine's noise moves every figure.
import { MessageChannel, Worker } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import { createBirpc } from 'birpc';
import { newMessagePortRpcSession } from 'capnweb';
import { wrap } from 'comlink';
import { build } from 'esbuild';
import { connectPort } from '../dist/node.mjs';
import { config } from './config.mjs';
import { median } from './measure.mjs';
import { ARG, BIG_ARG } from './payload.mjs';
import { runSchedule } from './schedule.mjs';

const LIBS = ['raw', 'isorpc', 'birpc', 'comlink', 'capnweb'];
const LABELS = { raw: 'raw postMessage', isorpc: 'isorpc', birpc: 'birpc', comlink: 'Comlink', capnweb: "Cap'n Web" };

/** A raw client: one message per call, `{ id, arg }`, replies matched by id. */
function rawClient(port) {
  const waiting = new Map();
  let next = 0;
  port.on('message', ({ id, arg }) => {
    waiting.get(id)(arg);
    waiting.delete(id);
  });
  return (arg) => new Promise((resolve) => {
    const id = next++;
    waiting.set(id, resolve);
    port.postMessage({ id, arg });
  });
}

/** The calling side of each library over `port`: a function that echoes its argument. */
const CLIENTS = {
  raw: async (port) => rawClient(port),
  isorpc: async (port) => {
    const client = await connectPort(port);
    return (arg) => client.call('Bench.echo', arg);
  },
  birpc: async (port) => {
    const rpc = createBirpc({}, { post: (data) => port.postMessage(data), on: (fn) => port.on('message', fn) });
    return (arg) => rpc.echo(arg);
  },
  comlink: async (port) => {
    const remote = wrap(port);
    return (arg) => remote.echo(arg);
  },
  capnweb: async (port) => {
    const stub = newMessagePortRpcSession(port);
    return (arg) => stub.echo(arg);
  },
};

async function startLib(lib) {
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(new URL('./compare-server-worker.mjs', import.meta.url), { workerData: { lib, port: port2 }, transferList: [port2] });
  await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const echo = await CLIENTS[lib](port1);
  return {
    calls: { small: () => echo(ARG), big: () => echo(BIG_ARG) },
    close: async () => {
      port1.close();
      await worker.terminate();
    },
  };
}

/** What a page that calls a Worker carries for each library (the Worker side not counted). */
const PAGES = {
  isorpc: "import { connectPort } from 'isorpc'; const c = await connectPort(new Worker('w.js')); console.log(await c.call('Bench.echo', 1));",
  birpc: "import { createBirpc } from 'birpc'; const w = new Worker('w.js'); const rpc = createBirpc({}, { post: (d) => w.postMessage(d), on: (fn) => w.addEventListener('message', (e) => fn(e.data)) }); console.log(await rpc.echo(1));",
  comlink: "import { wrap } from 'comlink'; console.log(await wrap(new Worker('w.js')).echo(1));",
  capnweb: "import { newMessagePortRpcSession } from 'capnweb'; const { port1, port2 } = new MessageChannel(); new Worker('w.js').postMessage(port2, [port2]); console.log(await newMessagePortRpcSession(port1).echo(1));",
};

async function pageBytes(lib) {
  const result = await build({
    stdin: { contents: PAGES[lib], resolveDir: new URL('../', import.meta.url).pathname, loader: 'js' },
    bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent',
  });
  return gzipSync(result.outputFiles[0].contents, { level: 9 }).length;
}

const modes = config.modes;
const targets = { port: {} };
for (const lib of LIBS) targets.port[lib] = await startLib(lib);
console.log(`echo over a MessagePort to a worker thread: ${config.seconds} s per library and mode in ${config.slices} interleaved slices, median of ${config.repeats}`);
const results = await runSchedule(targets, { ...config, transports: ['port'] }, (rep, seconds) => console.log(`repetition ${rep + 1}/${config.repeats} done in ${seconds.toFixed(0)} s`), () => LIBS);
for (const lib of LIBS) await targets.port[lib].close();

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const rows = [['library', ...modes.map((m) => `${m.label} calls/s`), 'sequential p50 µs', 'CPU µs/call (256)', 'page bundle gzip']];
for (const lib of LIBS) {
  const at = (mode, key) => median(results[`port/${mode}/${lib}`].map((r) => r[key]));
  const bytes = lib === 'raw' ? '–' : `${(await pageBytes(lib) / 1000).toFixed(1)} KB`;
  rows.push([LABELS[lib], ...modes.map((m) => fmt(at(m.name, 'callsPerSecond'))), fmt(at('sequential', 'p50')), at('inflight256', 'cpuPerCall').toFixed(1), bytes]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
for (const [i, row] of rows.entries()) {
  console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('-+-'));
}
