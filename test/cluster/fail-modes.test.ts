// Fail modes end to end: what is retried (and what never is), on which server, failbackup's race,
// and the circuit breaker taking a dead server out of rotation.
import net from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import {
  createClusterClient,
  createInProcessRegistry,
  isRetryable,
  RpcError,
  type ClusterClient,
  type ClusterClientOptions,
  type ErrorCode,
  type InProcessRegistry,
} from '../../platforms/entries/node.js';
import { callsBy, closeAll, startServers, type TestServer } from './cluster-servers.js';
import { eventually, seededRandom } from './helpers.js';

let cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

function cluster(registry: InProcessRegistry, options: Partial<ClusterClientOptions> = {}): ClusterClient {
  const client = createClusterClient({ service: 'Arith', discovery: registry, random: seededRandom(9), select: 'round-robin', ...options });
  cleanup.push(() => client.close());
  return client;
}

async function servers(registry: InProcessRegistry, ids: string[]): Promise<TestServer[]> {
  const started = await startServers(registry, ids);
  cleanup.push(() => closeAll(started));
  return started;
}

/** An address where nothing listens: a port that was free a moment ago. */
async function deadAddress(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `tcp@127.0.0.1:${port}`;
}

/** Adds a registry entry for a server that does not exist. */
async function registerDead(registry: InProcessRegistry): Promise<string> {
  const address = await deadAddress();
  await registry.register({ service: 'Arith', address, metadata: {} });
  return address;
}

const codeOf = async (promise: Promise<unknown>): Promise<string> => promise.then(() => 'ok', (error: RpcError) => error.code);

describe('which failures are retried', () => {
  const failure = (code: ErrorCode, notSent = false) => ({ error: new RpcError(code, code), notSent });

  test.each([
    ['UNAVAILABLE', false, false, true],
    ['CLOSED', true, false, true],
    ['CLOSED', false, false, false],
    ['CLOSED', false, true, true],
    ['TIMEOUT', false, false, false],
    ['TIMEOUT', false, true, true],
    ['REMOTE', false, true, false],
    ['NOT_FOUND', false, true, false],
    ['BAD_REQUEST', false, true, false],
    ['CANCELLED', true, true, false],
  ] as const)('%s (not sent: %s, idempotent: %s) → retry %s', (code, notSent, idempotent, expected) => {
    expect(isRetryable(failure(code, notSent), idempotent)).toBe(expected);
  });
});

describe('failover', () => {
  test('an unreachable server costs no call: each is retried on another server, then its circuit opens', async () => {
    const registry = createInProcessRegistry();
    const dead = await registerDead(registry);
    const all = await servers(registry, ['a', 'b']);
    const client = cluster(registry, { breaker: { consecutiveFailures: 3, openDuration: 60_000 } });
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => codeOf(client.call('Arith.mul', { a: i, b: 1 }))));
    expect(new Set(results)).toEqual(new Set(['ok']));
    expect(client.members.find((m) => m.address === dead)!.circuit).toBe('open');
    const before = callsBy(all);
    for (let i = 0; i < 20; i++) await client.call('Arith.mul', { a: i, b: 1 });
    const after = callsBy(all);
    expect(after.a! - before.a! + (after.b! - before.b!)).toBe(20);
  });

  test('failfast does not retry: the calls sent to the unreachable server fail with UNAVAILABLE', async () => {
    const registry = createInProcessRegistry();
    await registerDead(registry);
    await servers(registry, ['a', 'b']);
    const client = cluster(registry, { fail: 'failfast', breaker: false });
    const results = [];
    for (let i = 0; i < 9; i++) results.push(await codeOf(client.call('Arith.mul', { a: i, b: 1 })));
    expect(results.filter((code) => code === 'UNAVAILABLE')).toHaveLength(3);
    expect(results.filter((code) => code === 'ok')).toHaveLength(6);
  });

  test('an error the handler threw (REMOTE) is never retried', async () => {
    const registry = createInProcessRegistry();
    const all = await servers(registry, ['a', 'b', 'c']);
    const client = cluster(registry);
    const error = (await client.call('Arith.fail', null, { idempotent: true }).catch((e: unknown) => e)) as RpcError;
    expect(error.code).toBe('REMOTE');
    expect(error.remoteCode).toBe('E_REFUSED');
    expect(Object.values(callsBy(all, 'fail')).reduce((a, b) => a + b)).toBe(1);
  });

  test('a connection lost after the request was sent is retried only for idempotent calls', async () => {
    const registry = createInProcessRegistry();
    const all = await servers(registry, ['a', 'b']);
    all[0]!.dropsLeft = 1;
    all[1]!.dropsLeft = 1;
    const client = cluster(registry);
    expect(await codeOf(client.call('Arith.flaky'))).toBe('CLOSED');
    expect(Object.values(callsBy(all, 'flaky')).reduce((a, b) => a + b)).toBe(1);
    const reply = await client.call<{ id: string }>('Arith.flaky', null, { idempotent: true });
    expect(Object.values(callsBy(all, 'flaky')).reduce((a, b) => a + b)).toBe(3);
    expect(['a', 'b']).toContain(reply.id);
  });

  test('a stuck server: with attemptTimeout, an idempotent call moves on; without idempotent it times out', async () => {
    const registry = createInProcessRegistry();
    const all = await servers(registry, ['a-stuck', 'b-ok']);
    all[0]!.delay = 60_000;
    const client = cluster(registry, { attemptTimeout: 40, breaker: false });
    expect((await client.call<{ id: string }>('Arith.mul', { a: 1, b: 1 }, { idempotent: true })).id).toBe('b-ok');
    expect(callsBy(all)).toEqual({ 'a-stuck': 1, 'b-ok': 1 });
    // Round robin starts the next call on 'a-stuck' again.
    expect(await codeOf(client.call('Arith.mul', { a: 1, b: 1 }))).toBe('TIMEOUT');
    expect(callsBy(all)).toEqual({ 'a-stuck': 2, 'b-ok': 1 });
  });
});

describe('failtry', () => {
  test('retries the same server', async () => {
    const registry = createInProcessRegistry();
    const all = await servers(registry, ['a', 'b']);
    all[0]!.dropsLeft = 2;
    const client = cluster(registry, { fail: 'failtry', retries: 3 });
    expect((await client.call<{ id: string }>('Arith.flaky', null, { idempotent: true })).id).toBe('a');
    expect(callsBy(all, 'flaky')).toEqual({ a: 3, b: 0 });
  });

  test('gives up after `retries` retries on that server', async () => {
    const registry = createInProcessRegistry();
    const all = await servers(registry, ['a', 'b']);
    all[0]!.dropsLeft = 10;
    const client = cluster(registry, { fail: 'failtry', retries: 2 });
    expect(await codeOf(client.call('Arith.flaky', null, { idempotent: true }))).toBe('CLOSED');
    expect(callsBy(all, 'flaky')).toEqual({ a: 3, b: 0 });
  });
});

describe('failbackup', () => {
  test('a slow first server gets a backup request; the backup wins and the slow request is cancelled', async () => {
    const registry = createInProcessRegistry();
    // Members are sorted by address, so round robin asks 'a-slow' first.
    const all = await servers(registry, ['a-slow', 'b-fast']);
    all[0]!.delay = 5000;
    const client = cluster(registry, { fail: 'failbackup', backupDelay: 20 });
    const reply = await client.call<{ id: string }>('Arith.mul', { a: 6, b: 7 });
    expect(reply).toEqual({ id: 'b-fast', product: 42 });
    expect(callsBy(all)).toEqual({ 'a-slow': 1, 'b-fast': 1 });
    expect(await eventually(() => all[0]!.aborted === 1)).toBe(true);
  });

  test('a first server that answers within the delay gets no backup', async () => {
    const registry = createInProcessRegistry();
    const all = await servers(registry, ['a', 'b']);
    const client = cluster(registry, { fail: 'failbackup', backupDelay: 1000 });
    for (let i = 0; i < 10; i++) await client.call('Arith.mul', { a: i, b: 1 });
    expect(callsBy(all)).toEqual({ a: 5, b: 5 });
  });

  test("an error the first server returns is the answer: no backup is sent", async () => {
    const registry = createInProcessRegistry();
    const all = await servers(registry, ['a', 'b']);
    const client = cluster(registry, { fail: 'failbackup', backupDelay: 1000 });
    expect(await codeOf(client.call('Arith.fail'))).toBe('REMOTE');
    expect(callsBy(all, 'fail')).toEqual({ a: 1, b: 0 });
  });
});
