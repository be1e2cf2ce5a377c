// Builds isorpc three ways: ESM + CJS per subpath (dependencies external), bundled browser files
// (UMD for a <script> tag, ESM for a module script), and bundled .d.mts/.d.cts types per subpath.
import resolve from '@rollup/plugin-node-resolve';
import { dts } from 'rollup-plugin-dts';
import esbuild, { minify } from 'rollup-plugin-esbuild';

/** Subpath name → source file. Keep in sync with package.json "exports". */
const entries = {
  index: 'platforms/entries/index.ts',
  'index-node': 'platforms/entries/index-node.ts',
  node: 'platforms/entries/node.ts',
  core: 'src/index.ts',
  websocket: 'platforms/websocket/websocket.ts',
  'message-port': 'platforms/message-port/message-port.ts',
  jsonrpc: 'platforms/entries/jsonrpc.ts',
  arpc: 'platforms/entries/arpc.ts',
  etcd: 'platforms/entries/etcd.ts',
  rpcx: 'platforms/entries/rpcx.ts',
  redis: 'platforms/entries/redis.ts',
  zookeeper: 'platforms/entries/zookeeper.ts',
  opentelemetry: 'platforms/entries/opentelemetry.ts',
};

const external = (id) => id.startsWith('node:') || ['ws', 'isomorphic-ws', 'etcd3', 'ioredis', 'node-zookeeper-client', '@opentelemetry/api'].includes(id) || id.startsWith('@msgpack/msgpack');
const transpile = () => esbuild({ target: 'es2022', tsconfig: 'tsconfig.json' });

const library = {
  input: entries,
  external,
  plugins: [transpile()],
  // package.json says "sideEffects": false: no module runs anything on import that an entry needs, so a
  // module whose exports an entry does not use adds nothing to its chunks (without this, the top-level
  // tables of gob, JSON-RPC and OpenAPI rode into every browser bundle through shared chunks).
  treeshake: { moduleSideEffects: false },
  output: [
    { dir: 'dist', format: 'es', entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs', sourcemap: true },
    { dir: 'dist', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs', sourcemap: true, exports: 'named' },
  ],
};

// The browser bundles carry their dependencies; isomorphic-ws resolves to the global WebSocket.
// They are `isorpc` without the cluster client (platforms/entries/script-bundle.ts says why).
const browserBundle = {
  input: 'platforms/entries/script-bundle.ts',
  plugins: [resolve({ browser: true }), transpile()],
  treeshake: { moduleSideEffects: false }, // as in `library`: unused modules add nothing
  output: [
    { file: 'dist/isorpc.umd.js', format: 'umd', name: 'isorpc', sourcemap: true },
    // The same UMD as a .cjs file: what `require('isorpc/umd')` and `require('isorpc/browser')` load in
    // Node, where a .js file of this "type": "module" package would be read as ESM.
    { file: 'dist/isorpc.umd.cjs', format: 'umd', name: 'isorpc' },
    { file: 'dist/isorpc.umd.min.js', format: 'umd', name: 'isorpc', sourcemap: true, plugins: [minify()] },
    { file: 'dist/isorpc.browser.mjs', format: 'es', sourcemap: true, plugins: [minify()] },
  ],
};

// Declarations per subpath, as .d.mts for import and .d.cts for require. Shared declarations live in
// common chunks, so every entry point refers to the same RpcError, ServiceProxy, … and types from
// `isorpc` and `isorpc/node` mix freely.
const types = {
  // isorpc.browser: the types of the <script> bundles (`isorpc/browser` and `isorpc/umd`).
  input: { ...entries, 'isorpc.browser': 'platforms/entries/script-bundle.ts' },
  external,
  plugins: [dts({ tsconfig: 'tsconfig.json' })],
  output: [
    { dir: 'dist', format: 'es', entryFileNames: '[name].d.mts', chunkFileNames: 'types/[name]-[hash].d.mts' },
    { dir: 'dist', format: 'es', entryFileNames: '[name].d.cts', chunkFileNames: 'types/[name]-[hash].d.cts' },
  ],
};

export default [library, browserBundle, types];
