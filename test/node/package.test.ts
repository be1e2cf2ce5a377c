// The built package as users get it: every export exists, ESM and CJS work under Node and recognise
// each other's errors, and the browser bundles carry nothing from Node.
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import vm from 'node:vm';
import { describe, expect, test } from 'vitest';

const root = new URL('../../', import.meta.url);
const require = createRequire(import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');
const pkg = JSON.parse(read('package.json')) as { exports: Record<string, unknown>; unpkg: string; jsdelivr: string; sideEffects: boolean };

/** Every file path named anywhere in the exports map. */
function exportedFiles(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Object.values(value as Record<string, unknown>).flatMap(exportedFiles);
}

type NodeEntry = typeof import('../../platforms/entries/node.js');

describe('the built package', () => {
  test('every file in package.json exports exists, with types for import and require', () => {
    for (const file of exportedFiles(pkg.exports)) expect(existsSync(new URL(file, root)), file).toBe(true);
    for (const [subpath, entry] of Object.entries(pkg.exports)) {
      if (typeof entry === 'string') continue;
      const { import: esm, require: cjs } = entry as Record<string, Record<string, string>>;
      expect(esm?.types, subpath).toMatch(/\.d\.mts$/);
      expect(cjs?.types, subpath).toMatch(/\.d\.cts$/);
    }
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.unpkg).toBe('./dist/isorpc.umd.min.js');
    expect(pkg.jsdelivr).toBe(pkg.unpkg);
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

  test('the minified UMD bundle stays within its size budget (25 KiB gzipped)', () => {
    const gzipped = gzipSync(readFileSync(new URL('dist/isorpc.umd.min.js', root))).length;
    expect(gzipped).toBeLessThan(25 * 1024);
  });
});
