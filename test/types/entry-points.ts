// Compiled by `npm run typecheck` against the shipped declarations (the package imports itself by
// name): types from different entry points mix, and the public API has the documented shapes.
import { createInProcessRegistry as createBrowserRegistry, isRpcError, type CallContext, type ClusterMember, type Discovery, type Handler, type RpcError } from 'isorpc';
import { createEtcdDiscovery, createEtcdRegistry } from 'isorpc/etcd';
import { createRedisDiscovery, createRedisRegistry } from 'isorpc/redis';
import { createZooKeeperDiscovery, createZooKeeperRegistry } from 'isorpc/zookeeper';
import type { BatchResult, JsonRpcClient } from 'isorpc/jsonrpc';
import { connect, createClusterClient, createServer, registerServer, type Caller, type Client, type ClusterClient, type Registry } from 'isorpc/node';
import type { Transport } from 'isorpc/core';

const multiply: Handler<{ a: number; b: number }, number> = ({ a, b }, ctx: CallContext) => {
  const remaining: number = ctx.remaining();
  return remaining > 0 ? a * b : 0;
};

export async function crossEntry(transport: Transport): Promise<number> {
  const server = createServer().handle('Arith.multiply', multiply);
  server.accept(transport);
  const client: Client = await connect(await server.listen('tcp://127.0.0.1:0'));
  try {
    return await client.call<number>('Arith.multiply', { a: 6, b: 7 });
  } catch (error) {
    if (isRpcError(error)) {
      const reason: RpcError = error;
      throw reason;
    }
    throw error;
  }
}

// A jsonrpc+ address gives a JsonRpcClient (with batch) through connect()'s overload; a Go net/rpc one a Caller.
export async function jsonRpc(): Promise<BatchResult[]> {
  const client: JsonRpcClient = await connect('jsonrpc+tcp://127.0.0.1:4000');
  const plain: Caller = await connect('gorpc+tcp://127.0.0.1:4001');
  plain.close();
  return client.batch([{ method: 'Arith.multiply', arg: { a: 1, b: 2 } }, { method: 'Log.write', notify: true }]);
}

// The etcd sources (isorpc/etcd) plug into the cluster client of isorpc/node, and the in-process
// registry of the browser-safe entry does too: their declarations are structurally the same types.
export async function crossEntryCluster(): Promise<ClusterClient[]> {
  const etcdDiscovery: Discovery = createEtcdDiscovery({ hosts: 'http://127.0.0.1:2379' });
  const etcdRegistry: Registry = createEtcdRegistry({ ttl: 5 });
  const inPage = createBrowserRegistry();
  await registerServer(createServer().register('Arith', { multiply: () => 0 }), inPage, { address: 'inproc://a' });
  await registerServer(createServer().register('Arith', { multiply: () => 0 }), etcdRegistry, { address: 'tcp@10.0.0.5:8972' });
  const slowest = (candidates: readonly ClusterMember[]): ClusterMember | undefined => [...candidates].sort((a, b) => b.latency() - a.latency())[0];
  return [
    createClusterClient({ service: 'Arith', discovery: etcdDiscovery, select: 'peak-ewma', fail: 'failbackup' }),
    createClusterClient({ service: 'Arith', discovery: inPage, select: slowest }),
  ];
}

// The ZooKeeper and Redis sources (isorpc/zookeeper, isorpc/redis) are the same Discovery / Registry.
export async function otherRegistries(): Promise<ClusterClient[]> {
  const zookeeper: Discovery = createZooKeeperDiscovery({ hosts: ['10.0.0.2:2181', '10.0.0.3:2181'], basePath: '/rpcx', sessionTimeout: 10_000 });
  const zookeeperRegistry: Registry = createZooKeeperRegistry({ hosts: '10.0.0.2:2181' });
  const redis: Discovery = createRedisDiscovery({ url: 'redis://10.0.0.4:6379', pollInterval: 5000 });
  const redisRegistry: Registry = createRedisRegistry({ url: 'redis://10.0.0.4:6379', ttl: 10 });
  for (const registry of [zookeeperRegistry, redisRegistry]) await registerServer(createServer().register('Arith', { multiply: () => 0 }), registry, { address: 'tcp@10.0.0.5:8972' });
  return [createClusterClient({ service: 'Arith', discovery: zookeeper }), createClusterClient({ service: 'Arith', discovery: redis })];
}

// Every subpath has types: the <script> bundles (`isorpc/browser`, `isorpc/umd`) and the transports.
// (`isorpc/umd` is a CommonJS file, so its declarations are the .d.cts copies: use it on its own.)
import { connect as connectFromPage, type Client as PageClient } from 'isorpc/browser';
import type { connectPort as UmdConnectPort } from 'isorpc/umd';
import { portTransport } from 'isorpc/message-port';
import { webSocketTransport, type WebSocketLike } from 'isorpc/websocket';

export async function scriptBundles(port: MessagePort, socket: WebSocketLike, umdConnectPort: typeof UmdConnectPort): Promise<[PageClient, number]> {
  const server = createServer();
  server.accept(portTransport(port));
  server.accept(webSocketTransport(socket));
  const viaUmd = await umdConnectPort(port);
  return [await connectFromPage('ws://127.0.0.1:8080/rpc'), viaUmd.pendingCalls];
}
