/**
 * The embedded registry: servers and cluster clients of one JavaScript realm find each other without
 * an external server (rpcx's in-process registry). Runs anywhere, browsers included. Servers
 * registered with an `inproc://name` address are reached through an in-process transport pair,
 * so no network is needed at all; other addresses are dialed as usual.
 */
import type { Server } from '../server/server.js';
import type { Transport } from '../core/transport.js';
import type { Discovery, DiscoveryListener, ServiceInstance } from './discovery.js';
import type { Registry, RegistryEntry, RegistryRecord } from './registration.js';

/** Discovery and registry in one object. */
export interface InProcessRegistry extends Discovery, Registry {
  /** The current servers of `service`. */
  instances(service: string): ServiceInstance[];
  /** An in-process transport to an `inproc://` server, or `undefined` for addresses to dial. */
  openTransport(address: string): Transport | undefined;
}

/** Makes two connected in-process transports (platforms pass their `createInProcessPair`). */
export type TransportPairFactory = () => [Transport, Transport];

interface Entry {
  metadata: RegistryEntry['metadata'];
  server: Server | undefined;
}

const IN_PROCESS_SCHEME = 'inproc:';

/** Creates an in-process registry; applications call `createInProcessRegistry()` from `isorpc` or `isorpc/node`. */
export function createInProcessRegistryWith(openPair: TransportPairFactory): InProcessRegistry {
  const services = new Map<string, Map<string, Entry>>();
  const listeners = new Map<string, Set<DiscoveryListener>>();

  const instances = (service: string): ServiceInstance[] =>
    [...(services.get(service) ?? [])].map(([address, entry]) => ({ address, metadata: entry.metadata }));

  const notify = (service: string): void => {
    const current = instances(service);
    for (const listener of [...(listeners.get(service) ?? [])]) listener(current);
  };

  return {
    instances,
    subscribe(service, listener) {
      let set = listeners.get(service);
      if (set === undefined) listeners.set(service, (set = new Set()));
      set.add(listener);
      listener(instances(service));
      return () => set.delete(listener);
    },
    async register(entry): Promise<RegistryRecord> {
      let table = services.get(entry.service);
      if (table === undefined) services.set(entry.service, (table = new Map()));
      const stored: Entry = { metadata: { ...entry.metadata }, server: entry.server };
      table.set(entry.address, stored);
      notify(entry.service);
      return {
        async update(metadata) {
          if (table.get(entry.address) !== stored) return;
          stored.metadata = { ...metadata };
          notify(entry.service);
        },
        async remove() {
          if (table.get(entry.address) !== stored) return;
          table.delete(entry.address);
          notify(entry.service);
        },
      };
    },
    openTransport(address) {
      if (!address.startsWith(IN_PROCESS_SCHEME)) return undefined;
      for (const table of services.values()) {
        const server = table.get(address)?.server;
        if (server === undefined) continue;
        const [clientEnd, serverEnd] = openPair();
        server.accept(serverEnd);
        return clientEnd;
      }
      return undefined;
    },
  };
}
