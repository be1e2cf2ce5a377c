// The built package as users get it: every export exists, ESM and CJS work under Node and recognise
// each other's errors, and the browser bundles carry nothing from Node.
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import { BUNDLES } from '../../bench/size.mjs';

const root = new URL('../../', import.meta.url);
const require = createRequire(import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');
const pkg = JSON.parse(read('package.json')) as { exports: Record<string, unknown>; unpkg: string; jsdelivr: string; sideEffects: boolean };

/** Every file path named anywhere in the exports map. */
function exportedFiles(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Object.values(value as Record<string, unknown>).flatMap(exportedFiles);
}

/** The targets (objects with a `default` file) under a subpath's conditions, with the conditions that lead there. */
function conditionTargets(value: unknown, path: string[] = []): Array<{ path: string[]; target: { types?: string; default: string } }> {
  if (typeof value !== 'object' || value === null) return [];
  const target = value as { types?: string; default?: unknown };
  if (typeof target.default === 'string') return [{ path, target: target as { types?: string; default: string } }];
  return Object.entries(value).flatMap(([condition, inner]) => conditionTargets(inner, [...path, condition]));
}

type NodeEntry = typeof import('../../platforms/entries/node.js');

describe('the built package', () => {
  test('every file in package.json exports exists, with types for import and require', () => {
    for (const file of exportedFiles(pkg.exports)) expect(existsSync(new URL(file, root)), file).toBe(true);
    for (const [subpath, entry] of Object.entries(pkg.exports)) {
      if (typeof entry === 'string') continue;
      // Every target (an object with a `default` file), under any nesting of conditions, names its
      // types beside it, in the same module format: .mjs ↔ .d.mts, .cjs ↔ .d.cts.
      const targets = conditionTargets(entry);
      expect(targets.length, subpath).toBeGreaterThan(0);
      for (const { path, target } of targets) {
        const where = `${subpath} ${path.join('.')}`;
        if (path.includes('import')) expect(target.types, where).toMatch(/\.d\.mts$/);
        if (path.includes('require')) expect(target.types, where).toMatch(/\.d\.cts$/);
        expect(target.types, where).toMatch(target.default.endsWith('.mjs') ? /\.d\.mts$/ : /\.d\.cts$/);
      }
      if (subpath !== './umd') {
        expect(targets.some(({ path }) => path.includes('import')), subpath).toBe(true);
        expect(targets.some(({ path }) => path.includes('require')), subpath).toBe(true);
      }
    }
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.unpkg).toBe('./dist/isorpc.umd.min.js');
    expect(pkg.jsdelivr).toBe(pkg.unpkg);
  });

  test("'isorpc' has node, browser and default conditions: Node gets the Node build, the rest the browser-safe one", () => {
    const dot = pkg.exports['.'] as Record<string, Record<string, Record<string, string>>>;
    expect(Object.keys(dot)).toEqual(['browser', 'node', 'default']);
    expect(dot.node!.import!.default).toBe('./dist/index-node.mjs');
    expect(dot.node!.require!.default).toBe('./dist/index-node.cjs');
    for (const condition of ['browser', 'default']) {
      expect(dot[condition]!.import!.default, condition).toBe('./dist/index.mjs');
      expect(dot[condition]!.require!.default, condition).toBe('./dist/index.cjs');
    }
  });

  test("`import { createServer, connect } from 'isorpc'` in Node listens on and dials tcp:// (ESM and CJS)", () => {
    const esm = `import { createServer, connect } from 'isorpc';
      const server = createServer().handle('Arith.multiply', ({ a, b }) => a * b);
      const client = await connect(await server.listen('tcp://127.0.0.1:0'));
      console.log(await client.call('Arith.multiply', { a: 6, b: 7 }));
      client.close(); await server.close();`;
    const cjs = `const { createServer, connect } = require('isorpc');
      (async () => {
        const server = createServer().handle('Arith.multiply', ({ a, b }) => a * b);
        const client = await connect(await server.listen('tcp://127.0.0.1:0'));
        console.log(await client.call('Arith.multiply', { a: 6, b: 8 }));
        client.close(); await server.close();
      })();`;
    const run = (args: string[]): string => execFileSync(process.execPath, args, { cwd: fileURLToPath(root), encoding: 'utf8', timeout: 15_000 }).trim();
    expect(run(['--input-type=module', '-e', esm])).toBe('42');
    expect(run(['-e', cjs])).toBe('48');
  });

  test("'isorpc' exports at most 80 names, the same in its Node and browser builds", async () => {
    // One program over the shipped declarations (no lib: only the export lists are read).
    const files = ['dist/index.d.mts', 'dist/index-node.d.mts', 'dist/index.d.cts', 'dist/core.d.mts'].map((file) => fileURLToPath(new URL(file, root)));
    const program = ts.createProgram(files, { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, noLib: true, types: [], skipLibCheck: true });
    const checker = program.getTypeChecker();
    const names = (file: string): string[] => {
      const source = program.getSourceFile(fileURLToPath(new URL(file, root)))!;
      return checker.getExportsOfModule(checker.getSymbolAtLocation(source)!).map((symbol) => symbol.name).sort();
    };
    const browser = names('dist/index.d.mts');
    expect(browser.length).toBeLessThanOrEqual(80);
    expect(names('dist/index-node.d.mts')).toEqual(browser);
    expect(names('dist/index.d.cts')).toEqual(browser);
    const runtime = Object.keys(await import('../../dist/index.mjs')).sort();
    expect(Object.keys(await import('../../dist/index-node.mjs')).sort()).toEqual(runtime);
    for (const name of runtime) expect(browser, name).toContain(name);
    // Wire constants and injectors stay out of it (they are in isorpc/core, or internal to platforms).
    for (const name of ['FrameType', 'DEFAULT_TIMEOUT_MS', 'isorpcProtocol', 'createServerFor', 'connectWith', 'CodecId']) expect(browser, name).not.toContain(name);
    const core = names('dist/core.d.mts');
    for (const name of ['FrameType', 'DEFAULT_TIMEOUT_MS', 'isorpcProtocol', 'CodecId', 'openClient']) expect(core, name).toContain(name);
    for (const name of ['createServerFor', 'connectWith', 'createClusterClientWith', 'bombError']) expect(core, name).not.toContain(name);
  });

  test('the ESM and CJS builds talk to each other over TCP and share one RpcError identity', async () => {
    const esm = (await import('../../dist/node.mjs')) as NodeEntry;
    const cjs = require('../../dist/node.cjs') as NodeEntry;
    const server = cjs.createServer().handle('Greeter.hello', (name: string) => `hello ${name}`);
    const address = await server.listen('tcp://127.0.0.1:0');
    const client = await esm.connect(address);
    expect(await client.call('Greeter.hello', 'esm')).toBe('hello esm');
    const error = await client.call('Greeter.nope').catch((e: unknown) => e);
    expect(esm.isRpcError(error)).toBe(true);
    expect(cjs.isRpcError(error)).toBe(true);
    expect(cjs.isRpcError(new Error('plain'))).toBe(false);
    client.close();
    await server.close();
  });

  test('the browser bundles contain no Node built-ins and no ws', () => {
    for (const file of ['dist/isorpc.umd.js', 'dist/isorpc.umd.min.js', 'dist/isorpc.browser.mjs', 'dist/index.mjs', 'dist/index.cjs', 'dist/rpcx.mjs', 'dist/rpcx.cjs']) {
      const code = read(file);
      expect(code, file).not.toMatch(/["']node:/);
      expect(code, file).not.toMatch(/require\(\s*["']ws["']\s*\)/);
      expect(code, file).not.toMatch(/from\s*["']ws["']/);
      expect(code, file).not.toMatch(/etcd3|ioredis|node-zookeeper-client/);
    }
  });

  test('only isorpc/etcd loads etcd3 (an optional peer dependency); it exports the etcd sources', async () => {
    for (const file of ['dist/node.mjs', 'dist/node.cjs', 'dist/core.mjs']) expect(read(file), file).not.toMatch(/etcd3/);
    expect(read('dist/etcd.mjs')).toMatch(/from ['"]etcd3['"]/);
    const etcd = (await import('../../dist/etcd.mjs')) as Record<string, unknown>;
    expect(Object.keys(etcd).sort()).toEqual(['createEtcdDiscovery', 'createEtcdRegistry']);
  });

  test('only isorpc/zookeeper and isorpc/redis load their clients (optional peer dependencies); each exports its two sources', async () => {
    for (const file of ['dist/node.mjs', 'dist/node.cjs', 'dist/core.mjs', 'dist/etcd.mjs']) expect(read(file), file).not.toMatch(/ioredis|node-zookeeper-client/);
    expect(read('dist/zookeeper.mjs')).toMatch(/from ['"]node-zookeeper-client['"]/);
    expect(read('dist/redis.mjs')).toMatch(/from ['"]ioredis['"]/);
    const zookeeper = (await import('../../dist/zookeeper.mjs')) as Record<string, unknown>;
    const redis = (await import('../../dist/redis.mjs')) as Record<string, unknown>;
    expect(Object.keys(zookeeper).sort()).toEqual(['createZooKeeperDiscovery', 'createZooKeeperRegistry']);
    expect(Object.keys(redis).sort()).toEqual(['createRedisDiscovery', 'createRedisRegistry']);
  });

  test('the core entry (src/) imports no platform code at all', () => {
    const code = read('dist/core.mjs') + read('dist/core.cjs');
    expect(code).not.toMatch(/isomorphic-ws|["']ws["']|node:/);
  });

  test('the UMD file defines a global isorpc with the public API when run as a plain script', () => {
    const sandbox: Record<string, unknown> = { WebSocket: class {}, TextEncoder, TextDecoder, queueMicrotask, setTimeout, clearTimeout, AbortController, URL };
    vm.runInNewContext(read('dist/isorpc.umd.min.js'), sandbox);
    const api = sandbox.isorpc as Record<string, unknown>;
    for (const name of ['createServer', 'connect', 'connectPort', 'RpcError', 'isRpcError', 'ERROR_CODES', 'createInProcessPair']) {
      expect(typeof api[name], name).not.toBe('undefined');
    }
  });

  test('the <script> bundles have every export of isorpc except the cluster client and metrics', async () => {
    const sandbox: Record<string, unknown> = { WebSocket: class {}, TextEncoder, TextDecoder, queueMicrotask, setTimeout, clearTimeout, AbortController, URL };
    vm.runInNewContext(read('dist/isorpc.umd.min.js'), sandbox);
    const umd = Object.keys(sandbox.isorpc as object).sort();
    const cluster = new Set([...Object.keys(await import('../../platforms/entries/exports-cluster.js')), 'createClusterClient']);
    const entry = Object.keys(await import('../../dist/index.mjs')).sort();
    expect(entry.filter((name) => cluster.has(name))).toEqual([...cluster].sort());
    // Metrics and reflection run on servers; pages read them over RPC (platforms/exports-metrics.ts).
    const metrics = new Set(Object.keys(await import('../../platforms/entries/exports-metrics.js')));
    expect(entry.filter((name) => metrics.has(name))).toEqual([...metrics].sort());
    expect(umd).toEqual(entry.filter((name) => !cluster.has(name) && !metrics.has(name)));
  });

  test('the minified UMD bundle stays within its recorded size ceiling (bench/size.mjs)', () => {
    const gzipped = gzipSync(readFileSync(new URL('dist/isorpc.umd.min.js', root)), { level: 9 }).length;
    const umd = BUNDLES.find((bundle) => bundle.file === 'dist/isorpc.umd.min.js');
    expect(gzipped).toBeLessThanOrEqual(umd!.ceiling);
  });
});
