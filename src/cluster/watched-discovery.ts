/**
 * The subscription bookkeeping every registry-backed discovery shares: one watch per service however
 * many listeners it has, stopped with its last listener, and `close()` stopping them all. A source
 * supplies only how to watch one service (`open`), writing what it learns into a {@link ServiceSet}.
 */
import type { Discovery, DiscoveryListener } from './discovery.js';
import { ServiceSet } from './service-set.js';

/** A running watch of one service. */
export interface ServiceWatch {
  stop(): void | Promise<void>;
}

/** A {@link Discovery} backed by a registry server; close it when no cluster client uses it any more. */
export interface RegistryDiscovery extends Discovery {
  /** Stops every watch (and closes the registry client unless it was passed in). */
  close(): Promise<void>;
}

/** @internal Builds a discovery from `open(service, set)`; `closeSource` runs once every watch has stopped. */
export function createWatchedDiscovery(
  name: string,
  open: (service: string, set: ServiceSet) => ServiceWatch,
  closeSource: () => void | Promise<void>,
): RegistryDiscovery {
  const watches = new Map<string, { set: ServiceSet; watch: ServiceWatch }>();
  let closed = false;
  const stop = async (entry: { set: ServiceSet; watch: ServiceWatch }): Promise<void> => {
    entry.set.stop();
    await entry.watch.stop();
  };
  return {
    subscribe(service: string, listener: DiscoveryListener): () => void {
      if (closed) throw new Error(`This ${name} discovery is closed; create a new one`);
      let entry = watches.get(service);
      if (entry === undefined) {
        const set = new ServiceSet();
        entry = { set, watch: open(service, set) };
        watches.set(service, entry);
      }
      const current = entry;
      current.set.add(listener);
      return () => {
        if (current.set.remove(listener) === 0 && watches.get(service) === current) {
          watches.delete(service);
          void stop(current);
        }
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      const stopping = [...watches.values()].map(stop);
      watches.clear();
      await Promise.allSettled(stopping);
      await closeSource();
    },
  };
}
