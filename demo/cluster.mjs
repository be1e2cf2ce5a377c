// isorpc cluster demo: three TCP servers announce themselves in a registry; a cluster client
// balances calls over them, weighted, and fails over when one dies. Exits by itself.
//   node demo/cluster.mjs                              the embedded in-process registry
//   node demo/cluster.mjs --etcd http://127.0.0.1:2379 etcd instead (needs `npm install etcd3`)
//   node demo/cluster.mjs --zookeeper 127.0.0.1:2181   ZooKeeper (needs `npm install node-zookeeper-client`)
//   node demo/cluster.mjs --redis redis://127.0.0.1:6379 Redis (needs `npm install ioredis`)
import { createClusterClient, createInProcessRegistry, createServer, isRpcError, registerServer } from '../dist/node.mjs';

/** The value after `--flag` (or `fallback` when the flag ends the line), `undefined` without the flag. */
function flag(name, fallback) {
  const at = process.argv.indexOf(name);
  if (at < 0) return undefined;
  const value = process.argv[at + 1];
  return value === undefined || value.startsWith('--') ? fallback : value;
}
const etcdEndpoint = flag('--etcd', 'http://127.0.0.1:2379');
const zookeeperHosts = flag('--zookeeper', '127.0.0.1:2181');
const redisUrl = flag('--redis', 'redis://127.0.0.1:6379');

let failures = 0;
const say = (line = '') => console.log(line);
const step = (title) => say(`\n${title}`);
function result(text, ok) {
  if (!ok) failures++;
  say(`   ${ok ? '✓' : '✗'} ${text}`);
}

/** The registry servers write to and the discovery clients read from: one object in-process, two on a registry server. */
async function openRegistry() {
  const basePath = `/isorpc-demo-${process.pid}`;
  const pair = (registry, discovery, name) => ({ registry, discovery, name, close: () => Promise.all([registry.close(), discovery.close()]) });
  if (etcdEndpoint !== undefined) {
    const { createEtcdDiscovery, createEtcdRegistry } = await import('../dist/etcd.mjs');
    return pair(createEtcdRegistry({ hosts: etcdEndpoint, basePath, ttl: 5 }), createEtcdDiscovery({ hosts: etcdEndpoint, basePath }), `etcd at ${etcdEndpoint}, keys under ${basePath}/`);
  }
  if (zookeeperHosts !== undefined) {
    const { createZooKeeperDiscovery, createZooKeeperRegistry } = await import('../dist/zookeeper.mjs');
    return pair(createZooKeeperRegistry({ hosts: zookeeperHosts, basePath }), createZooKeeperDiscovery({ hosts: zookeeperHosts, basePath }), `ZooKeeper at ${zookeeperHosts}, ephemeral nodes under ${basePath}/`);
  }
  if (redisUrl !== undefined) {
    const { createRedisDiscovery, createRedisRegistry } = await import('../dist/redis.mjs');
    return pair(createRedisRegistry({ url: redisUrl, basePath, ttl: 5 }), createRedisDiscovery({ url: redisUrl, basePath }), `Redis at ${redisUrl}, keys under /${basePath}/`);
  }
  const registry = createInProcessRegistry();
  return { registry, discovery: registry, name: 'in-process registry', close: async () => undefined };
}

/** Starts a TCP server for Arith that answers with its name, and announces it. */
async function startServer(registry, name, weight) {
  const server = createServer().register('Arith', { mul: ({ a, b }) => ({ server: name, product: a * b }) });
  const address = await server.listen('tcp@127.0.0.1:0');
  const registration = await registerServer(server, registry, { weight, drainDelay: 200, metadata: { name } });
  say(`   ${name} listens on ${address}, weight ${weight}`);
  return { name, server, registration };
}

/** Makes `count` calls and returns how many each server answered. */
async function spread(client, count, options) {
  const counts = {};
  for (let i = 0; i < count; i++) {
    const { server, product } = await client.call('Arith.mul', { a: i, b: 2 }, options);
    if (product !== i * 2) throw new Error(`wrong product from ${server}`);
    counts[server] = (counts[server] ?? 0) + 1;
  }
  return counts;
}

const show = (counts) => Object.entries(counts).sort().map(([name, n]) => `${name} ${n}`).join(', ');
const same = (a, b) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

const { registry, discovery, name: registryName, close: closeRegistry } = await openRegistry();
step(`Three servers register in the ${registryName}`);
const servers = [await startServer(registry, 'alpha', 3), await startServer(registry, 'beta', 1), await startServer(registry, 'gamma', 1)];

step('Round robin: createClusterClient({ service: "Arith", discovery, select: "round-robin" })');
const roundRobin = createClusterClient({ service: 'Arith', discovery, select: 'round-robin' });
await roundRobin.ready;
const even = await spread(roundRobin, 30);
result(`30 calls → ${show(even)}`, same(even, { alpha: 10, beta: 10, gamma: 10 }));

step('Smooth weighted round robin from the weight metadata (3 : 1 : 1)');
const weighted = createClusterClient({ service: 'Arith', discovery, select: 'weighted-round-robin' });
const byWeight = await spread(weighted, 50);
result(`50 calls → ${show(byWeight)}`, same(byWeight, { alpha: 30, beta: 10, gamma: 10 }));

step('Failover: beta dies without leaving the registry (server.close(), no deregistration)');
await servers[1].server.close();
const afterCrash = await spread(roundRobin, 30, { idempotent: true });
result(`30 calls, none failed → ${show(afterCrash)}`, (afterCrash.beta ?? 0) === 0 && afterCrash.alpha + afterCrash.gamma === 30);
const beta = roundRobin.members.find((member) => member.metadata.name === 'beta');
result(`beta's circuit breaker: ${beta?.circuit}`, beta?.circuit === 'open');

step('Graceful close: gamma leaves the registry first, drains, then stops (registration.close())');
await servers[2].registration.close();
const afterDrain = await spread(roundRobin, 10);
result(`10 calls → ${show(afterDrain)}; members now: ${roundRobin.members.map((m) => m.metadata.name).join(', ')}`, same(afterDrain, { alpha: 10 }) && !roundRobin.members.some((m) => m.metadata.name === 'gamma'));

step('Failfast: no retry, so a call to a dead server fails at once');
const failfast = createClusterClient({ service: 'Arith', discovery, select: 'round-robin', fail: 'failfast', breaker: false });
const outcomes = [];
for (let i = 0; i < 4; i++) {
  outcomes.push(await failfast.call('Arith.mul', { a: 1, b: 1 }).then((reply) => reply.server, (error) => (isRpcError(error) ? error.code : String(error))));
}
result(`4 calls → ${outcomes.join(', ')}`, outcomes.includes('UNAVAILABLE') && outcomes.includes('alpha'));

for (const client of [roundRobin, weighted, failfast]) client.close();
for (const { registration } of servers) await registration.close();
await closeRegistry();
say(failures === 0 ? '\nAll demo steps behaved as expected.' : `\n${failures} demo step(s) did not behave as expected.`);
process.exit(failures === 0 ? 0 : 1);
