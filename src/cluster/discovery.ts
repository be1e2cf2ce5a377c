/**
 * Discovery: where a cluster client learns which servers offer a service. Every source (a fixed
 * peer, a list, the in-process registry, etcd) implements the one small {@link Discovery} interface.
 */
import type { Transport } from '../core/transport.js';
import { parseServiceMetadata, type ServiceMetadata } from './service-metadata.js';

/** One server of a service, as a registry lists it. */
export interface ServiceInstance {
  /** How to reach it: `tcp@127.0.0.1:8972`, `tcp://…`, `ws://host:port/path`, or a registry's own scheme. */
  readonly address: string;
  /** Its metadata (`weight`, `state`, `group`, `latitude`, `longitude`, anything else). */
  readonly metadata: ServiceMetadata;
}

/** Receives the whole current set of servers each time it changes. */
export type DiscoveryListener = (instances: readonly ServiceInstance[]) => void;

/** A source of servers. */
export interface Discovery {
  /**
   * Watches the servers of `service`. `listener` gets the whole set once it is known (possibly before
   * `subscribe` returns) and again after every change. Returns a function that stops the watch.
   * A source must not report a smaller set because of its own transient errors (a registry that cannot
   * be reached keeps the last known set).
   */
  subscribe(service: string, listener: DiscoveryListener): () => void;
  /** For sources whose servers live in this process: a transport to `address`, or `undefined` to dial it. */
  openTransport?(address: string): Transport | undefined;
}

/** What list sources accept: an address string, or an address with metadata (a string is parsed as a query). */
export type InstanceInput =
  | string
  | {
      /** The address clients dial. */
      address: string;
      /** Metadata, or a URL query to parse. */
      metadata?: ServiceMetadata | string;
    };

function toInstance(input: InstanceInput): ServiceInstance {
  if (typeof input === 'string') return { address: input, metadata: {} };
  const metadata = typeof input.metadata === 'string' ? parseServiceMetadata(input.metadata) : { ...input.metadata };
  return { address: input.address, metadata };
}

/** A {@link Discovery} over a list you control; `update()` replaces it (rpcx's MultipleServersDiscovery). */
export interface ListDiscovery extends Discovery {
  /** Replaces the list and tells every subscriber. */
  update(instances: readonly InstanceInput[]): void;
  /** The current list. */
  readonly instances: readonly ServiceInstance[];
}

/**
 * Servers given up front, the same for every service name (rpcx's MultipleServersDiscovery):
 * `listDiscovery(['tcp@10.0.0.1:8972', { address: 'tcp@10.0.0.2:8972', metadata: 'weight=3' }])`.
 */
export function listDiscovery(instances: readonly InstanceInput[]): ListDiscovery {
  let current: readonly ServiceInstance[] = instances.map(toInstance);
  const listeners = new Set<DiscoveryListener>();
  return {
    get instances() {
      return current;
    },
    subscribe(_service, listener) {
      listeners.add(listener);
      listener(current);
      return () => listeners.delete(listener);
    },
    update(next) {
      current = next.map(toInstance);
      for (const listener of [...listeners]) listener(current);
    },
  };
}

/** One server, for every service name (rpcx's peer-to-peer discovery): `fixedDiscovery('tcp@127.0.0.1:8972')`. */
export function fixedDiscovery(instance: InstanceInput): Discovery {
  const { subscribe } = listDiscovery([instance]);
  return { subscribe };
}
