/**
 * `isorpc/zookeeper`: service discovery and registration on ZooKeeper for Node, in rpcx's node
 * layout. It needs the `node-zookeeper-client` package (an optional peer dependency:
 * `npm install node-zookeeper-client`); nothing else in isorpc loads it.
 */
export { createZooKeeperDiscovery, type ZooKeeperDiscovery, type ZooKeeperDiscoveryOptions } from '../zookeeper/zookeeper-discovery.js';
export { createZooKeeperRegistry, type ZooKeeperRegistry, type ZooKeeperRegistryOptions } from '../zookeeper/zookeeper-registry.js';
export type { ZooKeeperConnectionOptions } from '../zookeeper/zookeeper-session.js';
