// A cluster client calling rpcx servers: servers listed with plain `tcp@host:port` addresses (as rpcx
// servers register them), made rpcx by the client's `protocol` option or by a server's `protocol`
// metadata; with fixed/list discovery and with a real etcd holding rpcx's registry layout.
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createEtcdDiscovery } from '../../platforms/entries/etcd.js';
import { createClusterClient, createServer, fixedDiscovery, listDiscovery, type Server } from '../../platforms/entries/node.js';
import { addressForProtocol } from '../../src/cluster/protocol-address.js';
import { startEtcd, type EtcdServer } from './etcd-server.js';
import { eventually } from './helpers.js';

const servers: Server[] = [];
const plain: string[] = [];

beforeAll(async () => {
  for (const id of ['a', 'b']) {
    const server = createServer().register('Arith', { Mul: ({ A, B }: { A: number; B: number }) => ({ C: A * B, id }) });
    servers.push(server);
    // What an rpcx server registers: the transport address only.
    plain.push((await server.listen('rpcx@127.0.0.1:0')).replace(/^rpcx@/, 'tcp@'));
  }
});

afterAll(() => Promise.all(servers.map((server) => server.close())));

test('addresses gain the protocol the option or the metadata names', () => {
  expect(addressForProtocol('tcp@10.0.0.5:8972', {}, 'rpcx')).toBe('rpcx+tcp@10.0.0.5:8972');
  expect(addressForProtocol('tcp://10.0.0.5:8972', {}, 'rpcx')).toBe('rpcx+tcp://10.0.0.5:8972');
  expect(addressForProtocol('ws://h:80/_rpcx_', { protocol: 'rpcx' }, undefined)).toBe('rpcx+ws://h:80/_rpcx_');
  expect(addressForProtocol('tcp@h:1', { protocol: 'isorpc' }, 'rpcx')).toBe('tcp@h:1');
  expect(addressForProtocol('tcp@h:1', {}, undefined)).toBe('tcp@h:1');
});

test('fixed discovery of a tcp@ rpcx server, with protocol: "rpcx"', async () => {
  const client = createClusterClient({ service: 'Arith', discovery: fixedDiscovery(plain[0]!), protocol: 'rpcx' });
  expect(await client.call('Arith.Mul', { A: 6, B: 7 })).toEqual({ C: 42, id: 'a' });
  client.close();
});

test('list discovery where each server\'s metadata says protocol=rpcx, round robin over both', async () => {
  const discovery = listDiscovery(plain.map((address) => ({ address, metadata: 'protocol=rpcx&weight=1' })));
  const client = createClusterClient({ service: 'Arith', discovery, select: 'round-robin' });
  const ids = new Set<string>();
  for (let i = 0; i < 4; i++) ids.add((await client.call<{ id: string }>('Arith.Mul', { A: i, B: 2 })).id);
  expect([...ids].sort()).toEqual(['a', 'b']);
  client.close();
});

describe('with a real etcd in rpcx\'s registry layout', () => {
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

  test('the cluster client discovers the tcp@ servers and calls them over rpcx, failing over when one stops', async () => {
    // The keys an rpcx server's etcd plugin writes: {basePath}/{service}/tcp@host:port → metadata query.
    for (const address of plain) await kv.put(`/rpcx_test/Arith/${address}`).value('group=&state=active');
    const discovery = createEtcdDiscovery({ hosts: etcd.endpoint, basePath: '/rpcx_test' });
    const client = createClusterClient({ service: 'Arith', discovery, protocol: 'rpcx', fail: 'failover', select: 'round-robin' });
    try {
      await client.ready;
      expect(await eventually(() => client.members.length === 2)).toBe(true);
      const ids = new Set<string>();
      for (let i = 0; i < 4; i++) ids.add((await client.call<{ id: string }>('Arith.Mul', { A: i, B: 3 })).id);
      expect([...ids].sort()).toEqual(['a', 'b']);
      await servers[0]!.close();
      for (let i = 0; i < 4; i++) expect(await client.call('Arith.Mul', { A: i, B: 3 }, { idempotent: true })).toEqual({ C: i * 3, id: 'b' });
    } finally {
      client.close();
      await discovery.close();
    }
  }, 60_000);
});
