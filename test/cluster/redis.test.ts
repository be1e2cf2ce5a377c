// Discovery and registration against a real Redis (Debian's redis-server, started by the test):
// rpcx's key layout and libkv's value format both ways, TTLs renewed and lost keys written again,
// keyspace notifications turned on by the discovery (and polling where they are off), and an entry
// that expires when its server stops renewing it.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRedisDiscovery, createRedisRegistry } from '../../platforms/entries/redis.js';
import { createServer, registerServer, type ServiceInstance } from '../../platforms/entries/node.js';
import { checkAdminClusterView } from './admin-cluster-view.js';
import { eventually } from './helpers.js';
import { startRedis, type RedisServer } from './redis-server.js';

let redis: RedisServer;
let kv: Redis;

beforeAll(async () => {
  redis = await startRedis();
  kv = new Redis(redis.endpoint);
  // One test stops Redis: this client's reconnection errors are expected then.
  kv.on('error', () => undefined);
});

afterAll(async () => {
  kv?.disconnect();
  await redis?.dispose();
});

/** Every key under `prefix` with the metadata its libkv JSON value carries. */
async function entriesUnder(prefix: string): Promise<Record<string, string>> {
  const keys = (await kv.keys(`${prefix}*`)).sort();
  const values = keys.length === 0 ? [] : await kv.mget(...keys);
  return Object.fromEntries(keys.map((key, i) => [key, Buffer.from((JSON.parse(values[i]!) as { Value: string }).Value, 'base64').toString()]));
}

/** What Go's json.Marshal of libkv's KVPair gives: Value is base64. */
function libkvValue(key: string, metadata: string): string {
  return `{"Key":"${key}","Value":"${Buffer.from(metadata).toString('base64')}","LastIndex":482910373}`;
}

describe('Redis registration', () => {
  test("writes rpcx's layout: key '/' + {basePath}/{service}/{address}, libkv JSON holding the query, with a TTL", async () => {
    const registry = createRedisRegistry({ url: redis.endpoint, basePath: '/layout', ttl: 5 });
    const server = createServer().register('Arith', { mul: () => 0 }).register('Echo', { say: (s: string) => s });
    const address = await server.listen('tcp@127.0.0.1:0');
    const registration = await registerServer(server, registry, { weight: 10, group: 'blue', metadata: { latitude: '48.85' }, drainDelay: 0 });
    expect(await entriesUnder('//layout/')).toEqual({
      [`//layout/Arith/${address}`]: 'latitude=48.85&weight=10&group=blue',
      [`//layout/Echo/${address}`]: 'latitude=48.85&weight=10&group=blue',
    });
    const stored = JSON.parse((await kv.get(`//layout/Arith/${address}`))!) as Record<string, unknown>;
    expect(Object.keys(stored)).toEqual(['Key', 'Value', 'LastIndex']);
    expect(stored.Key).toBe(`/layout/Arith/${address}`);
    const ttl = await kv.pttl(`//layout/Arith/${address}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5000);
    await registration.update({ state: 'inactive' });
    expect((await entriesUnder('//layout/Arith/'))[`//layout/Arith/${address}`]).toBe('latitude=48.85&weight=10&group=blue&state=inactive');
    await registration.close();
    expect(await entriesUnder('//layout/')).toEqual({});
    await registry.close();
  });

  test('keys Redis lost (deleted behind its back, as after a restart without persistence) are written again', async () => {
    const registry = createRedisRegistry({ url: redis.endpoint, basePath: '/lost', ttl: 2 });
    await registry.register({ service: 'Arith', address: 'tcp@10.0.0.1:8972', metadata: { weight: '2' } });
    await registry.register({ service: 'Arith', address: 'tcp@10.0.0.2:8972', metadata: {} });
    await kv.del('//lost/Arith/tcp@10.0.0.1:8972', '//lost/Arith/tcp@10.0.0.2:8972');
    expect(await entriesUnder('//lost/')).toEqual({});
    // The next renewal (a third of the TTL) finds them gone and writes them again.
    expect(await eventually(async () => Object.keys(await entriesUnder('//lost/')).length === 2, 5000)).toBe(true);
    expect(await entriesUnder('//lost/')).toEqual({ '//lost/Arith/tcp@10.0.0.1:8972': 'weight=2', '//lost/Arith/tcp@10.0.0.2:8972': '' });
    await registry.close();
    expect(await entriesUnder('//lost/')).toEqual({});
  });

  test('renewal keeps an entry alive well past its TTL', async () => {
    const registry = createRedisRegistry({ url: redis.endpoint, basePath: '/renew', ttl: 1 });
    await registry.register({ service: 'Arith', address: 'tcp@10.0.0.9:8972', metadata: {} });
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(await kv.exists('//renew/Arith/tcp@10.0.0.9:8972')).toBe(1);
    await registry.close();
  });

  test('rejects a TTL that is not a whole number of seconds ≥ 1, saying so', () => {
    expect(() => createRedisRegistry({ url: redis.endpoint, ttl: 0.5 })).toThrow(/ttl must be a whole number of seconds ≥ 1, got 0.5/);
  });
});

describe('Redis discovery', () => {
  test('reads and follows entries written by rpcx (libkv JSON) and by other tools (a bare query), metadata parsed', async () => {
    await kv.set('//tools/Arith/tcp@10.1.0.1:8972', libkvValue('/tools/Arith/tcp@10.1.0.1:8972', 'weight=10&state=active&group=blue'));
    // rpcx's "directory" keys (base path, service) are not servers.
    await kv.set('//tools', libkvValue('/tools', 'rpcx_path'));
    await kv.set('//tools/Arith', libkvValue('/tools/Arith', 'Arith'));
    const discovery = createRedisDiscovery({ url: redis.endpoint, basePath: '/tools' });
    const seen: ServiceInstance[][] = [];
    const stop = discovery.subscribe('Arith', (instances) => seen.push([...instances]));
    expect(await eventually(() => seen.length > 0)).toBe(true);
    expect(seen.at(-1)).toEqual([{ address: 'tcp@10.1.0.1:8972', metadata: { weight: '10', state: 'active', group: 'blue' } }]);
    // The discovery turned keyspace notifications on.
    expect(await eventually(async () => ((await kv.config('GET', 'notify-keyspace-events')) as string[])[1]!.includes('K'))).toBe(true);
    await kv.set('//tools/Arith/tcp@10.1.0.2:8972', 'weight=1');
    await kv.set('//tools/ArithX/tcp@10.1.0.3:8972', libkvValue('/tools/ArithX/tcp@10.1.0.3:8972', ''));
    expect(await eventually(() => seen.at(-1)?.length === 2)).toBe(true);
    await kv.del('//tools/Arith/tcp@10.1.0.1:8972');
    expect(await eventually(() => seen.at(-1)?.length === 1)).toBe(true);
    expect(seen.at(-1)).toEqual([{ address: 'tcp@10.1.0.2:8972', metadata: { weight: '1' } }]);
    stop();
    await discovery.close();
  });

  test('a server that stops renewing (its Redis connection gone) disappears once its TTL runs out', async () => {
    const own = new Redis(redis.endpoint);
    const registry = createRedisRegistry({ client: own, basePath: '/expiry', ttl: 1 });
    await registry.register({ service: 'Arith', address: 'tcp@10.2.0.1:8972', metadata: {} });
    const discovery = createRedisDiscovery({ url: redis.endpoint, basePath: '/expiry', pollInterval: 0 });
    let count = -1;
    const stop = discovery.subscribe('Arith', (instances) => (count = instances.length));
    expect(await eventually(() => count === 1)).toBe(true);
    own.disconnect();
    // No poll: only the `expired` keyspace notification can tell the discovery.
    expect(await eventually(() => count === 0, 5000)).toBe(true);
    stop();
    await Promise.all([discovery.close(), registry.close()]);
  });

  test('with notifications left off (configureNotifications: false) the poll interval finds changes', async () => {
    await kv.config('SET', 'notify-keyspace-events', '');
    const discovery = createRedisDiscovery({ url: redis.endpoint, basePath: '/poll', pollInterval: 300, configureNotifications: false });
    const seen: number[] = [];
    const stop = discovery.subscribe('Arith', (instances) => seen.push(instances.length));
    expect(await eventually(() => seen.length > 0)).toBe(true);
    expect(seen.at(-1)).toBe(0);
    await kv.set('//poll/Arith/tcp@10.3.0.1:8972', libkvValue('/poll/Arith/tcp@10.3.0.1:8972', 'weight=3'));
    expect(await eventually(() => seen.at(-1) === 1)).toBe(true);
    expect(((await kv.config('GET', 'notify-keyspace-events')) as string[])[1]).toBe('');
    stop();
    await discovery.close();
  });

  test('a graceful close leaves the registry first: clients see the server go while it still listens', async () => {
    const registry = createRedisRegistry({ url: redis.endpoint, basePath: '/drain', ttl: 5 });
    const discovery = createRedisDiscovery({ url: redis.endpoint, basePath: '/drain' });
    const server = createServer().register('Arith', { mul: () => 0 });
    await server.listen('tcp@127.0.0.1:0');
    const registration = await registerServer(server, registry, { drainDelay: 300 });
    let listening: boolean | undefined;
    let count = 0;
    const stop = discovery.subscribe('Arith', (instances) => {
      count = instances.length;
      if (instances.length === 0 && listening === undefined) listening = server.addresses.length > 0;
    });
    expect(await eventually(() => count === 1)).toBe(true);
    await registration.close();
    expect(listening).toBe(true);
    expect(server.addresses).toEqual([]);
    stop();
    await Promise.all([discovery.close(), registry.close()]);
  });
});

test('the admin page lists servers registered in Redis and deactivates them through it', async () => {
  const [discovery, registry] = [createRedisDiscovery({ url: redis.endpoint, basePath: '/admin' }), createRedisRegistry({ url: redis.endpoint, basePath: '/admin', ttl: 5 })];
  try {
    await checkAdminClusterView(discovery, registry);
  } finally {
    await Promise.all([discovery.close(), registry.close()]);
  }
});

test('a discovery created while Redis is down subscribes once it is up, and follows changes without polling', async () => {
  await redis.stop();
  const discovery = createRedisDiscovery({ url: redis.endpoint, basePath: '/late', pollInterval: 0, maxRetryDelay: 200 });
  const seen: number[] = [];
  const stop = discovery.subscribe('Arith', (instances) => seen.push(instances.length));
  // Long enough for ioredis to give up on the commands queued while Redis was away.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await redis.start();
  expect(await eventually(() => seen.at(-1) === 0, 10_000)).toBe(true);
  // Let the reconnection scans settle: from here on only a notification can report the new key.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const reports = seen.length;
  await kv.set('//late/Arith/tcp@10.5.0.1:8972', libkvValue('/late/Arith/tcp@10.5.0.1:8972', 'weight=1'));
  expect(await eventually(() => seen.at(-1) === 1)).toBe(true);
  expect(seen.length).toBe(reports + 1);
  stop();
  await discovery.close();
});
