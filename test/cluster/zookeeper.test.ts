// Discovery and registration against a real ZooKeeper (Debian's zookeeper 3.8, started by the test):
// rpcx's node layout both ways, ephemeral nodes, metadata changes followed, nodes deleted or left by
// another session written again, and a session expiry (a frozen member process) survived.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createZooKeeperDiscovery, createZooKeeperRegistry } from '../../platforms/entries/zookeeper.js';
import { createServer, registerServer, type ServiceInstance } from '../../platforms/entries/node.js';
import { ZooKeeperSession } from '../../platforms/zookeeper/zookeeper-session.js';
import { checkAdminClusterView } from './admin-cluster-view.js';
import { eventually } from './helpers.js';
import { startMember, type Member } from './members.js';
import { startZooKeeper, type ZooKeeperServer } from './zookeeper-server.js';

let zk: ZooKeeperServer;
/** A raw session for reading and writing nodes as other tools (rpcx, zkCli) would. */
let raw: ZooKeeperSession;
const members: Member[] = [];

beforeAll(async () => {
  zk = await startZooKeeper();
  raw = new ZooKeeperSession({ hosts: zk.endpoint, sessionTimeout: 5000 });
  // A cold JVM on a busy machine can take seconds over its first sessions: wait until it serves one.
  expect(await eventually(async () => (await raw.exists('/').catch(() => null)) !== null, 30_000)).toBe(true);
});

afterAll(async () => {
  for (const member of members) member.kill('SIGKILL');
  await Promise.all(members.map((member) => member.exited));
  await raw?.close();
  await zk?.dispose();
});

/**
 * Children of `path` with their data, or {} when the node does not exist. A child removed between the
 * listing and its read (a registry rewriting or closing its node meanwhile) is left out, as it is gone.
 */
async function nodesUnder(path: string): Promise<Record<string, string>> {
  const children = await raw.children(path).catch(() => [] as string[]);
  const read = async (child: string): Promise<[string, string] | null> => {
    try {
      return [child, (await raw.data(`${path}/${child}`)).data];
    } catch (error) {
      if (/NO_NODE/.test(String(error))) return null;
      throw error;
    }
  };
  const entries = (await Promise.all(children.map(read))).filter((entry) => entry !== null);
  return Object.fromEntries(entries.sort());
}

async function mkdirs(path: string): Promise<void> {
  const parts = path.split('/').filter(Boolean);
  for (let i = 1; i <= parts.length; i++) await raw.create(`/${parts.slice(0, i).join('/')}`, '', false).catch(() => undefined);
}

describe('ZooKeeper registration', () => {
  test("writes rpcx's layout: ephemeral {basePath}/{service}/{address} holding the URL-query metadata, rpcx's data on the parents", async () => {
    const registry = createZooKeeperRegistry({ hosts: zk.endpoint, basePath: '/layout', sessionTimeout: 2000 });
    const server = createServer().register('Arith', { mul: () => 0 }).register('Echo', { say: (s: string) => s });
    const address = await server.listen('tcp@127.0.0.1:0');
    const registration = await registerServer(server, registry, { weight: 10, group: 'blue', metadata: { latitude: '48.85' }, drainDelay: 0 });
    expect(await nodesUnder('/layout/Arith')).toEqual({ [address]: 'latitude=48.85&weight=10&group=blue' });
    expect(await nodesUnder('/layout/Echo')).toEqual({ [address]: 'latitude=48.85&weight=10&group=blue' });
    expect((await raw.data('/layout')).data).toBe('rpcx_path');
    expect((await raw.data('/layout/Arith')).data).toBe('Arith');
    const { stat } = await raw.data(`/layout/Arith/${address}`);
    expect(stat.ephemeralOwner.equals(Buffer.alloc(8))).toBe(false);
    await registration.update({ state: 'inactive' });
    expect(await nodesUnder('/layout/Arith')).toEqual({ [address]: 'latitude=48.85&weight=10&group=blue&state=inactive' });
    await registration.close();
    expect(await nodesUnder('/layout/Arith')).toEqual({});
    await registry.close();
  });

  test('a node deleted behind its back is written again; so is one an earlier session left at the same address', async () => {
    await mkdirs('/again/Arith');
    // A node of another session (this server's previous life) at the address it is about to register.
    const previous = new ZooKeeperSession({ hosts: zk.endpoint, sessionTimeout: 5000 });
    await previous.create('/again/Arith/tcp@10.0.0.1:8972', 'weight=1', true);
    const registry = createZooKeeperRegistry({ hosts: zk.endpoint, basePath: '/again', sessionTimeout: 2000 });
    await registry.register({ service: 'Arith', address: 'tcp@10.0.0.1:8972', metadata: { weight: '2' } });
    const owner = (await raw.data('/again/Arith/tcp@10.0.0.1:8972')).stat.ephemeralOwner;
    expect(owner.equals(previous.sessionId)).toBe(false);
    // The earlier session ending does not take the new registration with it.
    await previous.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await nodesUnder('/again/Arith')).toEqual({ 'tcp@10.0.0.1:8972': 'weight=2' });
    // The registry may be rewriting its node at this very moment (a late watch event from the takeover):
    // a node already gone is as deleted as one removed here, and must come back all the same.
    await raw.remove('/again/Arith/tcp@10.0.0.1:8972').catch((error: unknown) => {
      if (!/NO_NODE/.test(String(error))) throw error;
    });
    expect(await eventually(async () => (await nodesUnder('/again/Arith'))['tcp@10.0.0.1:8972'] === 'weight=2', 5000)).toBe(true);
    await registry.close();
    expect(await eventually(async () => Object.keys(await nodesUnder('/again/Arith')).length === 0)).toBe(true);
  });

  test('an address ZooKeeper cannot name (with a slash) is refused with a message that says what to register', async () => {
    const registry = createZooKeeperRegistry({ hosts: zk.endpoint, basePath: '/bad' });
    await expect(registry.register({ service: 'Arith', address: 'ws://10.0.0.1:80/rpc', metadata: {} })).rejects.toThrow(/cannot contain "\/".*tcp@10\.0\.0\.5:8972/);
    await registry.close();
  });
});

describe('ZooKeeper discovery', () => {
  test('reads and follows nodes written by other tools (rpcx layout): children and metadata changes, metadata parsed', async () => {
    await mkdirs('/tools/Arith');
    await raw.create('/tools/Arith/tcp@10.1.0.1:8972', 'weight=10&state=active&group=blue', false);
    const discovery = createZooKeeperDiscovery({ hosts: zk.endpoint, basePath: '/tools' });
    const seen: ServiceInstance[][] = [];
    const stop = discovery.subscribe('Arith', (instances) => seen.push([...instances]));
    expect(await eventually(() => seen.length > 0)).toBe(true);
    expect(seen.at(-1)).toEqual([{ address: 'tcp@10.1.0.1:8972', metadata: { weight: '10', state: 'active', group: 'blue' } }]);
    await raw.create('/tools/Arith/tcp@10.1.0.2:8972', 'weight=1', false);
    expect(await eventually(() => seen.at(-1)?.length === 2)).toBe(true);
    // A metadata change alone (rpcx's own discovery only watches the children).
    await raw.setData('/tools/Arith/tcp@10.1.0.2:8972', 'weight=1&state=inactive');
    expect(await eventually(() => seen.at(-1)?.some((i) => i.metadata.state === 'inactive') === true)).toBe(true);
    await raw.remove('/tools/Arith/tcp@10.1.0.1:8972');
    expect(await eventually(() => seen.at(-1)?.length === 1)).toBe(true);
    expect(seen.at(-1)).toEqual([{ address: 'tcp@10.1.0.2:8972', metadata: { weight: '1', state: 'inactive' } }]);
    stop();
    await discovery.close();
  });

  test('a service nobody registered yet is reported empty, then found when its first server registers', async () => {
    const discovery = createZooKeeperDiscovery({ hosts: zk.endpoint, basePath: '/later' });
    const seen: number[] = [];
    const stop = discovery.subscribe('Arith', (instances) => seen.push(instances.length));
    expect(await eventually(() => seen.length > 0)).toBe(true);
    expect(seen.at(-1)).toBe(0);
    const registry = createZooKeeperRegistry({ hosts: zk.endpoint, basePath: '/later', sessionTimeout: 2000 });
    await registry.register({ service: 'Arith', address: 'tcp@10.4.0.1:8972', metadata: {} });
    expect(await eventually(() => seen.at(-1) === 1)).toBe(true);
    stop();
    await Promise.all([discovery.close(), registry.close()]);
  });

  test('a frozen server loses its session (its node goes) and registers again under a new session when it wakes', async () => {
    const discovery = createZooKeeperDiscovery({ hosts: zk.endpoint, basePath: '/expiry' });
    const seen: number[] = [];
    const stop = discovery.subscribe('Arith', (instances) => seen.push(instances.length));
    const member = await startMember(zk.endpoint, '/expiry', 'frozen', { registry: 'zookeeper', ttl: 1, drainDelay: 0 });
    members.push(member);
    expect(await eventually(() => seen.at(-1) === 1, 10_000)).toBe(true);
    const firstOwner = (await raw.data(`/expiry/Arith/${member.address}`)).stat.ephemeralOwner;
    member.kill('SIGSTOP');
    // ZooKeeper expires the silent session (1 s) and deletes its ephemeral node.
    expect(await eventually(() => seen.at(-1) === 0, 10_000)).toBe(true);
    member.kill('SIGCONT');
    expect(await eventually(() => seen.at(-1) === 1, 15_000)).toBe(true);
    const secondOwner = (await raw.data(`/expiry/Arith/${member.address}`)).stat.ephemeralOwner;
    expect(secondOwner.equals(firstOwner)).toBe(false);
    stop();
    await discovery.close();
  }, 40_000);

  test('a graceful close leaves the registry first: clients see the server go while it still listens', async () => {
    const registry = createZooKeeperRegistry({ hosts: zk.endpoint, basePath: '/drain', sessionTimeout: 2000 });
    const discovery = createZooKeeperDiscovery({ hosts: zk.endpoint, basePath: '/drain' });
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

test('the admin page lists servers registered in ZooKeeper and deactivates them through it', async () => {
  const [discovery, registry] = [createZooKeeperDiscovery({ hosts: zk.endpoint, basePath: '/admin' }), createZooKeeperRegistry({ hosts: zk.endpoint, basePath: '/admin', sessionTimeout: 2000 })];
  try {
    await checkAdminClusterView(discovery, registry);
  } finally {
    await Promise.all([discovery.close(), registry.close()]);
  }
});
