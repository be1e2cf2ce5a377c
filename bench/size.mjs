// Bundle sizes as a browser app gets them: fixed entry files (bench/size/) that import from 'isorpc'
// are bundled by esbuild for the browser (minified ESM, through package.json "exports"), then gzipped
// at level 9; the UMD file is measured as shipped. `npm run size` prints them; test/node/bundle-size
// checks the budgets. Needs `npm run build` first (it measures dist/).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));

/**
 * Each measured bundle: what it is, where it comes from, its budget in bytes (gzip -9; KB = 1000
 * bytes, as the issue measured), and, while a budget is not met yet, the ceiling the size test holds
 * it to instead (the size measured when the ceiling was set; lower it as the code shrinks).
 */
// Ceilings raised on 2026-12-02 when schema validation (calls/validation.ts in every router) and
// WebSocket coalescing (isorpc/outbox.ts, frame-batch.ts) landed: +3.3 KB gzipped on every bundle.
// Lowered on 2026-12-02 when msgpack and the byte framing left the bundles that only post values
// (Platform.msgpack, value-frame-io.ts / byte-frame-io.ts): connectPort −8.9 KB, Worker −5.7 KB; and
// when rollup stopped keeping unused modules' top-level tables in shared chunks: −0.4 to −1.0 KB each.
// Raised by 0.5–1.0 KB the same day for value-frame batching (value-batch.ts: 1.5–3× MessagePort
// throughput), the 4 KiB early flush of the byte outbox and the ring-based call table (call-table.ts:
// client CPU per call 3.6 → 2.2 µs at 256 in flight).
// On 2026-12-02 (later) the browser createServer() stopped carrying the byte framing (it serves ports;
// isorpcServerProtocol from isorpc/core takes bytes): Worker −3.7 KB; connect and UMD +0.1 / +0.2 KB
// for the broadcast encoding moving into byte-frame-io.ts and the ports-only refusal; +0.1 KB each
// for the peer kit (calls/peer-kit.ts: register/handle/use/proxy written once, as mixins); +0.3 KB
// each for typed proxies' calls going through client middleware (proxy.ts), which they skipped, and
// a few bytes for the outbox's sendBatch.
// On 2026-12-02 (later still) msgpack and JSON began refusing what they would send as `{}` (a Map,
// Set, ArrayBuffer, Error, …; codec/lost-in-encoding.ts): +0.3–0.4 KB on the bundles that carry a
// codec; port clients stopped carrying codecs at all (resolveOptionsWithoutCodecs): connectPort −0.5 KB.
// +0.1 KB each the same day for typed errors where JavaScript callers got a TypeError or the wrong code
// (a signal that is no AbortSignal: BAD_REQUEST; a stream item the server cannot send: INTERNAL) and
// for naming an address's out-of-range port; +0.2 KB on byte clients for showing what a peer that is
// no isorpc server sent first (an HTTP answer, JSON-RPC text) when the first bytes fail to decode.
// Then −0.3 KB on client bundles: the auth and rate-limit code left them (the server builds both and
// hands its connections `authenticate` and `limiter`). And a server makes its codecs at its first byte
// transport (addCodecs in isorpcServerProtocol), so a Worker's server carries none: Worker −0.6 KB,
// the others +0.05 KB for the codec fields the options now keep.
export const BUNDLES = [
  { name: 'connect (ws://, msgpack)', entry: 'bench/size/connect-ws.mjs', budget: 12_000, ceiling: 26_100 },
  { name: 'connectPort alone', entry: 'bench/size/connect-port.mjs', budget: 6_000, ceiling: 13_300 },
  { name: 'connectPort + createServer (Worker)', entry: 'bench/size/worker.mjs', budget: 8_000, ceiling: 15_900 },
  { name: 'UMD (dist/isorpc.umd.min.js)', file: 'dist/isorpc.umd.min.js', budget: 20_000, ceiling: 29_300 },
];

const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;

/**
 * Bundles one fixture for the browser; returns its minified code and the files it carries. By default
 * `isorpc` resolves through package.json "exports" to dist/ (what an app gets); `fromSource` points it
 * at the source entry instead, so the files carried name the source folders.
 */
export async function bundle(entry, { fromSource = false } = {}) {
  const toSource = {
    name: 'isorpc-from-source',
    setup(build) {
      build.onResolve({ filter: /^isorpc$/ }, () => ({ path: `${root}platforms/entries/index.ts` }));
    },
  };
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: fromSource ? [toSource] : [],
  });
  const inputs = Object.values(result.metafile.outputs)[0].inputs;
  const carried = Object.keys(inputs).filter((file) => inputs[file].bytesInOutput > 0);
  const shares = Object.fromEntries(carried.map((file) => [file, inputs[file].bytesInOutput]));
  return { code: result.outputFiles[0].contents, inputs: carried, shares };
}

/** Measures every bundle: minified and gzipped bytes, and the files each carries. */
export async function measure() {
  const rows = [];
  for (const spec of BUNDLES) {
    if (spec.file) {
      const code = readFileSync(new URL(spec.file, new URL('../', import.meta.url)));
      rows.push({ ...spec, min: code.length, gzip: gzip(code), inputs: [] });
    } else {
      const { code, inputs } = await bundle(spec.entry);
      rows.push({ ...spec, min: code.length, gzip: gzip(code), inputs });
    }
  }
  return rows;
}

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;

/** The room a carried file belongs to: its package, or its folder under src/ or platforms/. */
function room(file) {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
  if (pkg !== null) return pkg[1];
  return file.split('/').slice(0, file.startsWith('src/calls/streams/') ? 3 : 2).join('/');
}

/**
 * Where a bundle's bytes go, by room (minified bytes before gzip, from the source build so files keep
 * their names): what to look at before a feature joins a browser path, and what a budget is up against.
 */
async function printRooms(spec) {
  const { code, shares } = await bundle(spec.entry, { fromSource: true });
  const rooms = new Map();
  for (const [file, bytes] of Object.entries(shares)) rooms.set(room(file), (rooms.get(room(file)) ?? 0) + bytes);
  console.log(`\n${spec.name}: ${kb(code.length)} minified`);
  for (const [name, bytes] of [...rooms].sort((a, b) => b[1] - a[1])) {
    console.log(`  ${name.padEnd(30)} ${kb(bytes).padStart(8)} ${`${Math.round((100 * bytes) / code.length)} %`.padStart(5)}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await measure();
  console.log('bundle'.padEnd(38), 'min'.padStart(9), 'gzip -9'.padStart(9), 'budget'.padStart(9));
  for (const row of rows) {
    const mark = row.gzip <= row.budget ? 'within budget' : `over budget (ceiling ${kb(row.ceiling)})`;
    console.log(row.name.padEnd(38), kb(row.min).padStart(9), kb(row.gzip).padStart(9), kb(row.budget).padStart(9), mark);
  }
  // `npm run size -- --rooms`: each fixture's bytes by folder.
  if (process.argv.includes('--rooms')) for (const spec of BUNDLES.filter((row) => row.entry !== undefined)) await printRooms(spec);
}
