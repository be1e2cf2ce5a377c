// The cluster client over the in-process registry: one connection per server opened on first use,
// select modes end to end, groups and inactive servers, membership changes, go/notify/close, and
// broadcast/fork. Servers are reached through in-process transports, so no ports are needed.
import { afterEach, describe, expect, test } from 'vitest';
import { createClusterClient, createInProcessRegistry, isRpcError, type ClusterClient, type ClusterClientOptions, type Discovery, type InProcessRegistry, type RpcError } from '../../platforms/entries/node.js';
import { callsBy, closeAll, startServer, startServers, type TestServer } from './cluster-servers.js';
import { eventually, seededRandom } from './helpers.js';

let cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

function cluster(registry: InProcessRegistry, options: Partial<ClusterClientOptions> = {}): ClusterClient {
  const client = createClusterClient({ service: 'Arith', discovery: registry, random: seededRandom(42), ...options });
  cleanup.push(() => client.close());
  return client;
}

async function servers(registry: InProcessRegistry, ids: string[]): Promise<TestServer[]> {
  const started = await startServers(registry, ids);
  cleanup.push(() => closeAll(started));
  return started;
}

const mul = (client: ClusterClient, i = 3) => client.call<{ id: string; product: number }>('Arith.mul', { a: i, b: 2 });

describe('cluster client', () => {
  test('round robin spreads calls evenly and opens one connection per server, on first use', async () => {
    const registry = createInProcessRegistry();
    const all = await servers(registry, ['a', 'b', 'c']);
    const client = cluster(registry, { select: 'round-robin' });
    await client.ready;
    expect(client.members.map((m) => m.connected)).toEqual([false, false, false]);
    for (let i = 0; i < 30; i++) expect((await mul(client, i)).product).toBe(i * 2);
    expect(callsBy(all)).toEqual({ a: 10, b: 10, c: 10 });
    expect(client.members.map((m) => m.connected)).toEqual([true, true, true]);
    expect(all.map((s) => s.server.peers.size)).toEqual([1, 1, 1]);
  });

  test('weighted round robin follows the weight metadata exactly (3 : 1)', async () => {
    const registry = createInProcessRegistry();
    const heavy = await startServer(registry, 'heavy', { weight: 3 });
    const light = await startServer(registry, 'light', { weight: 1 });
    cleanup.push(() => closeAll([heavy, light]));
    const client = cluster(registry, { select: 'weighted-round-robin' });
    for (let i = 0; i < 400; i++) await mul(client, i);
    expect(callsBy([heavy, light])).toEqual({ heavy: 300, light: 100 });
  });

  test('consistent hash sends one key to one server', async () => {
    const registry = createInProcessRegistry();
    await servers(registry, ['a', 'b', 'c']);
    const client = cluster(registry, { select: 'consistent-hash' });
    for (const key of ['alice', 'bob', 'carol', 'dave']) {
      const ids = new Set<string>();
      for (let i = 0; i < 25; i++) ids.add((await client.call<{ id: string }>('Arith.mul', { a: i, b: 1 }, { key })).id);
      expect(ids.size).toBe(1);
    }
  });

  test('peak-EWMA latency shifts traffic away from a deliberately slow server', async () => {
    const registry = createInProcessRegistry();
    const all = await servers(registry, ['fast-1', 'slow', 'fast-2']);
    all[1]!.delay = 20;
    const client = cluster(registry, { select: 'peak-ewma' });
    const concurrency = 6;
    const perWorker = 60;
    await Promise.all(Array.from({ length: concurrency }, async (_, w) => {
      for (let i = 0; i < perWorker; i++) await mul(client, w * perWorker + i);
    }));
    const counts = callsBy(all);
    // Random choice would give the slow server a third (120); peak-EWMA leaves it a few probes.
    expect(counts.slow).toBeLessThan(concurrency * perWorker * 0.1);
    expect(counts['fast-1']! + counts['fast-2']! + counts.slow!).toBe(concurrency * perWorker);
  });

  test('servers with state=inactive and servers of other groups are never used', async () => {
    const registry = createInProcessRegistry();
    const blue = await startServer(registry, 'blue', { group: 'blue' });
    const green = await startServer(registry, 'green', { group: 'green' });
    const idle = await startServer(registry, 'idle', { group: 'blue', metadata: { state: 'inactive' } });
    cleanup.push(() => closeAll([blue, green, idle]));
    const client = cluster(registry, { group: 'blue' });
    await client.ready;
    expect(client.members.map((m) => m.address)).toEqual(['inproc://blue']);
    for (let i = 0; i < 20; i++) expect((await mul(client)).id).toBe('blue');
  });

  test('membership follows the registry: a server marked inactive or gone stops getting calls, a new one starts', async () => {
    const registry = createInProcessRegistry();
    const all = await servers(registry, ['a', 'b']);
    const client = cluster(registry, { select: 'round-robin' });
    for (let i = 0; i < 10; i++) await mul(client);
    await all[0]!.registration.update({ state: 'inactive' });
    expect(client.members.map((m) => m.address)).toEqual(['inproc://b']);
    for (let i = 0; i < 10; i++) expect((await mul(client)).id).toBe('b');
    // The drained server's connection closes once it has no calls in flight.
    expect(await eventually(() => all[0]!.server.peers.size === 0)).toBe(true);
    const c = await startServer(registry, 'c');
    cleanup.push(() => c.server.close());
    const seen = new Set<string>();
    for (let i = 0; i < 10; i++) seen.add((await mul(client)).id);
    expect(seen).toEqual(new Set(['b', 'c']));
  });

  test('a call made before discovery has answered waits for it', async () => {
    const registry = createInProcessRegistry();
    const [a] = await servers(registry, ['a']);
    // A discovery that reports 30 ms after the subscription, like a remote registry's first read.
    const late: Discovery = {
      subscribe(service, listener) {
        const timer = setTimeout(() => registry.subscribe(service, listener), 30);
        return () => clearTimeout(timer);
      },
      openTransport: (address) => registry.openTransport(address),
    };
    const client = cluster(registry, { discovery: late });
    expect((await mul(client)).id).toBe(a!.id);
  });

  test('a discovery that never answers: the call times out and says discovery had not listed servers', async () => {
    const silent: Discovery = { subscribe: () => () => undefined };
    const client = cluster(createInProcessRegistry(), { discovery: silent });
    const error = (await client.call('Arith.mul', null, { timeout: 30 }).catch((e: unknown) => e)) as RpcError;
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toMatch(/discovery had not listed the servers of "Arith" yet/);
  });

  test('bad cluster options throw a TypeError that says what to pass', () => {
    const registry = createInProcessRegistry();
    const loose = createClusterClient as (options: object) => ClusterClient;
    expect(() => loose({ discovery: registry })).toThrow(/service must be a non-empty string/);
    expect(() => loose({ service: 'Arith', discovery: { servers: [] } })).toThrow(/discovery must implement subscribe\(service, listener\): pass listDiscovery\(\[addresses\]\), fixedDiscovery\(address\)/);
    expect(() => loose({ service: 'Arith', discovery: registry, fail: 'retry' })).toThrow(/Unknown fail mode "retry"; use one of failfast, failover, failtry, failbackup/);
    expect(() => loose({ service: 'Arith', discovery: registry, select: 'fastest' })).toThrow(/Unknown select mode "fastest"; use one of /);
  });

  test('invalid call options reject (BAD_REQUEST) rather than throw', async () => {
    const client = cluster(createInProcessRegistry());
    const pending = client.call('Arith.mul', null, { timeout: -1 });
    expect(((await pending.catch((e: unknown) => e)) as RpcError).code).toBe('BAD_REQUEST');
  });

  test('no server at all: UNAVAILABLE after the retries; a server that registers meanwhile takes the call', async () => {
    const registry = createInProcessRegistry();
    const client = cluster(registry, { retries: 1 });
    const error = (await mul(client).catch((e: unknown) => e)) as RpcError;
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toMatch(/No server of service "Arith".*discovery lists none/);
    const waiting = cluster(registry, { retries: 8, backoff: { initialDelay: 1000, maxDelay: 5000 } });
    const pending = mul(waiting);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await servers(registry, ['late']);
    expect((await pending).id).toBe('late');
  });

  test('go() returns at once; cancel() settles it with CANCELLED and cancels the handler', async () => {
    const registry = createInProcessRegistry();
    const [a] = await servers(registry, ['a']);
    const client = cluster(registry);
    const done = await client.go('Arith.mul', { a: 2, b: 21 }).done;
    expect(done.reply).toEqual({ id: 'a', product: 42 });
    const call = client.go('Arith.hang');
    expect(await eventually(() => a!.calls.get('hang') === 1)).toBe(true);
    call.cancel();
    expect((await call.done).error?.code).toBe('CANCELLED');
    expect(await eventually(() => a!.aborted === 1)).toBe(true);
  });

  test('the timeout bounds the whole call, retries included', async () => {
    const registry = createInProcessRegistry();
    await servers(registry, ['a']);
    const client = cluster(registry);
    const error = (await client.call('Arith.hang', null, { timeout: 50 }).catch((e: unknown) => e)) as RpcError;
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toMatch(/within 50 ms/);
  });

  test('notify reaches one server', async () => {
    const registry = createInProcessRegistry();
    const all = await servers(registry, ['a', 'b']);
    const client = cluster(registry);
    client.notify('Arith.note', 'hello');
    expect(await eventually(() => all.some((s) => s.calls.get('note:hello') === 1))).toBe(true);
    expect(all.reduce((n, s) => n + (s.calls.get('note:hello') ?? 0), 0)).toBe(1);
  });

  test('close() rejects calls in flight with CLOSED and every later call too', async () => {
    const registry = createInProcessRegistry();
    await servers(registry, ['a']);
    const client = cluster(registry);
    const pending = client.call('Arith.hang').catch((e: RpcError) => e.code);
    await new Promise((resolve) => setTimeout(resolve, 10));
    client.close();
    expect(await pending).toBe('CLOSED');
    expect(client.closed).toBe(true);
    expect(((await mul(client).catch((e: unknown) => e)) as RpcError).code).toBe('CLOSED');
    expect(() => client.notify('Arith.note', 1)).toThrow(/closed/);
  });
});

describe('broadcast and fork', () => {
  test('broadcast calls every server and resolves with every reply', async () => {
    const registry = createInProcessRegistry();
    const all = await servers(registry, ['a', 'b', 'c']);
    const client = cluster(registry);
    const replies = await client.broadcast<{ id: string; product: number }>('Arith.mul', { a: 4, b: 5 });
    expect(replies.map((r) => [r.address, r.reply.id, r.reply.product])).toEqual([
      ['inproc://a', 'a', 20],
      ['inproc://b', 'b', 20],
      ['inproc://c', 'c', 20],
    ]);
    expect(callsBy(all)).toEqual({ a: 1, b: 1, c: 1 });
  });

  test('broadcast fails when any server fails, naming how many did', async () => {
    const registry = createInProcessRegistry();
    await servers(registry, ['a', 'b']);
    const client = cluster(registry);
    const error = (await client.broadcast('Arith.fail').catch((e: unknown) => e)) as RpcError;
    expect(isRpcError(error)).toBe(true);
    expect(error.code).toBe('REMOTE');
    expect(error.remoteCode).toBe('E_REFUSED');
    expect(error.message).toMatch(/failed on 2 of 2 servers/);
  });

  test('fork resolves with the first reply and cancels the slower requests', async () => {
    const registry = createInProcessRegistry();
    const all = await servers(registry, ['slow-1', 'fast', 'slow-2']);
    all[0]!.delay = 5000;
    all[2]!.delay = 5000;
    const client = cluster(registry);
    expect((await client.fork<{ id: string }>('Arith.mul', { a: 1, b: 1 })).id).toBe('fast');
    expect(await eventually(() => all[0]!.aborted === 1 && all[2]!.aborted === 1)).toBe(true);
  });

  test('stream() reads a server stream from one chosen server', async () => {
    const registry = createInProcessRegistry();
    await servers(registry, ['a', 'b']);
    const client = cluster(registry, { select: 'round-robin' });
    const items: Array<{ id: string; i: number }> = [];
    for await (const item of client.stream<{ id: string; i: number }>('Arith.countTo', 5)) items.push(item);
    expect(items.map((item) => item.i)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(items.map((item) => item.id)).size).toBe(1);
  });

  test('a typed proxy over the cluster: awaited methods get failover, streaming methods iterate', async () => {
    type Arith = {
      mul(arg: { a: number; b: number }): Promise<{ id: string; product: number }>;
      countTo(limit: number): AsyncGenerator<{ id: string; i: number }>;
    };
    const registry = createInProcessRegistry();
    const all = await servers(registry, ['a', 'b']);
    const client = cluster(registry, { select: 'round-robin', fail: 'failover', retries: 2 });
    const arith = client.proxy<Arith>('Arith');
    expect((await arith.mul({ a: 6, b: 7 })).product).toBe(42);
    // One server drops every connection it gets: awaited proxy calls fail over to the other one.
    all[0]!.dropsLeft = 1_000;
    const flaky = client.proxy<{ flaky(arg?: unknown): Promise<{ id: string }> }>('Arith');
    // Cluster call options (here `idempotent`, so a dropped call may be retried) pass through the proxy.
    const safeToRepeat = { idempotent: true };
    for (let i = 0; i < 4; i++) expect((await flaky.flaky({}, safeToRepeat)).id).toBe('b');
    const ticks: number[] = [];
    for await (const tick of arith.countTo(3)) ticks.push(tick.i);
    expect(ticks).toEqual([1, 2, 3]);
  });
});

