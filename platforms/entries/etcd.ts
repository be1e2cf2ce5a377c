/**
 * `isorpc/etcd`: service discovery and registration on etcd v3 for Node, in rpcx's key layout. It
 * needs the `etcd3` package (an optional peer dependency: `npm install etcd3`); nothing else in
 * isorpc loads it.
 *
 * @module isorpc/etcd
 */
export { createEtcdDiscovery, type EtcdDiscovery, type EtcdDiscoveryOptions } from '../etcd/etcd-discovery.js';
export { createEtcdRegistry, type EtcdRegistry, type EtcdRegistryOptions } from '../etcd/etcd-registry.js';
export type { EtcdConnectionOptions } from '../etcd/etcd-client.js';
