// The cluster names every full entry point (`isorpc`, `isorpc/node`) re-exports, listed once.
import { createInProcessRegistryWith, type InProcessRegistry } from '../../src/internal.js';
import { createInProcessPair } from '../in-process/in-process.js';

export {
  DEFAULT_BACKOFF,
  FAIL_MODES,
  SELECT_MODES,
  backoffCap,
  backoffDelay,
  closestSelector,
  consistentHashSelector,
  createCircuitBreaker,
  distanceKm,
  fixedDiscovery,
  formatServiceMetadata,
  isActive,
  isRetryable,
  isServerFailure,
  leastPendingSelector,
  listDiscovery,
  locationOf,
  parseServiceMetadata,
  peakEwmaSelector,
  randomSelector,
  registerServer,
  roundRobinSelector,
  servicesOf,
  weightOf,
  weightedRoundRobinSelector,
} from '../../src/internal.js';
export type {
  AttemptFailure,
  BackoffOptions,
  BroadcastReply,
  CircuitBreaker,
  CircuitBreakerOptions,
  CircuitState,
  ClusterCallOptions,
  ClusterClient,
  ClusterClientOptions,
  ClusterMember,
  ClusterNotifyOptions,
  ConsistentHashOptions,
  Discovery,
  DiscoveryListener,
  FailMode,
  GeoLocation,
  InProcessRegistry,
  InstanceInput,
  ListDiscovery,
  RandomSource,
  RegisterServerOptions,
  Registry,
  RegistryEntry,
  RegistryRecord,
  SelectMode,
  SelectRequest,
  Selector,
  SelectorFunction,
  ServerRegistration,
  ServiceInstance,
  ServiceMetadata,
} from '../../src/internal.js';

/**
 * Creates the embedded registry: servers announce themselves with `registerServer(server, registry)`
 * and cluster clients use it as their `discovery`, in one process, with no external server. Servers
 * registered at an `inproc://name` address are reached without any network (browsers included).
 */
export function createInProcessRegistry(): InProcessRegistry {
  return createInProcessRegistryWith(createInProcessPair);
}
