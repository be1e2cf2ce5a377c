// Discovery and registration against a real etcd (Debian's etcd-server, started by the test): rpcx's
// key layout both ways, watch updates, graceful deregistration before the server stops, and a lost
// lease being replaced with every entry written again.
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createEtcdDiscovery, createEtcdRegistry } from '../../platforms/entries/etcd.js';
import { createServer, registerServer, type ServiceInstance } from '../../platforms/entries/node.js';
import { startEtcd, type EtcdServer } from './etcd-server.js';
import { eventually } from './helpers.js';

let etcd: EtcdServer;
let kv: Etcd3;

beforeAll(async () => {
  etcd = await startEtcd();
  kv = new Etcd3({ hosts: etcd.endpoint });
});

afterAll(async () => {
  kv?.close();
  await etcd?.dispose();
});

/** Every key under `prefix` with its value. */
async function keysUnder(prefix: string): Promise<Record<string, string>> {
  return kv.getAll().prefix(prefix).strings();
}

describe('etcd registration', () => {
  test("writes rpcx's layout: {basePath}/{service}/{address} → URL-query metadata, under a lease", async () => {
    const registry = createEtcdRegistry({ hosts: etcd.endpoint, basePath: '/layout', ttl: 5 });
    const server = createServer().register('Arith', { mul: () => 0 }).register('Echo', { say: (s: string) => s });
    const address = await server.listen('tcp@127.0.0.1:0');
    const registration = await registerServer(server, registry, { weight: 10, group: 'blue', metadata: { latitude: '48.85' }, drainDelay: 0 });
    expect(await keysUnder('/layout/')).toEqual({
      [`/layout/Arith/${address}`]: 'latitude=48.85&weight=10&group=blue',
      [`/layout/Echo/${address}`]: 'latitude=48.85&weight=10&group=blue',
    });
    const { kvs } = await kv.getAll().prefix('/layout/').exec();
    expect(kvs.every((entry) => entry.lease !== '0')).toBe(true);
    await registration.update({ state: 'inactive' });
    expect(await kv.get(`/layout/Arith/${address}`).string()).toBe('latitude=48.85&weight=10&group=blue&state=inactive');
    await registration.close();
    expect(await keysUnder('/layout/')).toEqual({});
    await registry.close();
  });

  test('a lost lease (revoked behind its back) is replaced and every entry written again', async () => {
    const registry = createEtcdRegistry({ hosts: etcd.endpoint, basePath: '/lost', ttl: 3 });
    await registry.register({ service: 'Arith', address: 'tcp@10.0.0.1:8972', metadata: { weight: '2' } });
    await registry.register({ service: 'Arith', address: 'tcp@10.0.0.2:8972', metadata: {} });
    const [first] = (await kv.getAll().prefix('/lost/').exec()).kvs;
    await kv.leaseClient.leaseRevoke({ ID: first!.lease });
    expect(await keysUnder('/lost/')).toEqual({});
    // The next keep-alive (a third of the TTL) learns the lease is gone; the entries come back.
    expect(await eventually(async () => Object.keys(await keysUnder('/lost/')).length === 2, 8000)).toBe(true);
    const { kvs } = await kv.getAll().prefix('/lost/').exec();
    expect(new Set(kvs.map((entry) => entry.lease))).not.toContain(first!.lease);
    expect(await keysUnder('/lost/')).toEqual({ '/lost/Arith/tcp@10.0.0.1:8972': 'weight=2', '/lost/Arith/tcp@10.0.0.2:8972': '' });
    await registry.close();
    expect(await keysUnder('/lost/')).toEqual({});
  });
});

describe('etcd discovery', () => {
  test('reads and follows entries written by other tools (rpcx layout), metadata parsed', async () => {
    await kv.put('/tools/Arith/tcp@10.1.0.1:8972').value('weight=10&state=active&group=blue');
    const discovery = createEtcdDiscovery({ hosts: etcd.endpoint, basePath: '/tools' });
    const seen: ServiceInstance[][] = [];
    const stop = discovery.subscribe('Arith', (instances) => seen.push([...instances]));
    expect(await eventually(() => seen.length > 0)).toBe(true);
    expect(seen.at(-1)).toEqual([{ address: 'tcp@10.1.0.1:8972', metadata: { weight: '10', state: 'active', group: 'blue' } }]);
    await kv.put('/tools/Arith/tcp@10.1.0.2:8972').value('weight=1');
    await kv.put('/tools/Other/tcp@10.1.0.3:8972').value('');
    expect(await eventually(() => seen.at(-1)?.length === 2)).toBe(true);
    await kv.delete().key('/tools/Arith/tcp@10.1.0.1:8972');
    expect(await eventually(() => seen.at(-1)?.length === 1)).toBe(true);
    expect(seen.at(-1)).toEqual([{ address: 'tcp@10.1.0.2:8972', metadata: { weight: '1' } }]);
    stop();
    await discovery.close();
  });

  test('a graceful close leaves the registry first: clients see the server go while it still listens', async () => {
    const registry = createEtcdRegistry({ hosts: etcd.endpoint, basePath: '/drain', ttl: 5 });
    const discovery = createEtcdDiscovery({ hosts: etcd.endpoint, basePath: '/drain' });
    const server = createServer().register('Arith', { mul: () => 0 });
    const address = await server.listen('tcp@127.0.0.1:0');
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
    expect(address).toMatch(/^tcp@127\.0\.0\.1:\d+$/);
    stop();
    await Promise.all([discovery.close(), registry.close()]);
  });
});
