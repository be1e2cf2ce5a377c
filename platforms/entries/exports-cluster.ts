// The cluster names every full entry point (`isorpc`, `isorpc/node`) re-exports, listed once. The
// building blocks (selectors, backoff, circuit breaker, service metadata) are in exports-advanced.ts.
import { createInProcessRegistryWith, type InProcessRegistry } from '../../src/internal.js';
import { createInProcessPair } from '../in-process/in-process.js';

export { fixedDiscovery, listDiscovery, registerServer } from '../../src/internal.js';
export type {
  BroadcastReply,
  ClusterCallOptions,
  ClusterClient,
  ClusterClientOptions,
  ClusterMember,
  ClusterNotifyOptions,
  Discovery,
  DiscoveryListener,
  FailMode,
  InProcessRegistry,
  InstanceInput,
  ListDiscovery,
  RegisterServerOptions,
  Registry,
  SelectMode,
  SelectRequest,
  SelectorFunction,
  ServerRegistration,
  ServiceInstance,
} from '../../src/internal.js';

/**
 * Creates the embedded registry: servers announce themselves with `registerServer(server, registry)`
 * and cluster clients use it as their `discovery`, in one process, with no external server. Servers
 * registered at an `inproc://name` address are reached without any network (browsers included).
 */
export function createInProcessRegistry(): InProcessRegistry {
  return createInProcessRegistryWith(createInProcessPair);
}
