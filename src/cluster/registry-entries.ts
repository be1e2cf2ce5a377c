/**
 * What a registry-backed {@link Registry} wants stored: entry key → metadata query. Shared by the
 * etcd, ZooKeeper and Redis registries, which differ only in how they write one entry; each rewrites
 * `wanted` in full when the registry server lost it (a lease, a session, a restart without persistence).
 */
import type { Registry, RegistryEntry, RegistryRecord } from './registration.js';
import { servicePrefix } from './registry-layout.js';
import { formatServiceMetadata, type ServiceMetadata } from './service-metadata.js';

/** How one registry writes and removes one entry. */
export interface EntryStore {
  /** Writes (creates or replaces) the entry at `key`. */
  write(key: string, value: string): Promise<void>;
  /** Removes the entry at `key`; resolves when it is gone or was absent. */
  erase(key: string): Promise<void>;
}

/** @internal The entries a registry keeps, and `register()` on top of an {@link EntryStore}. */
export class WantedEntries implements Registry {
  /** Key → metadata query, in registration order. */
  readonly wanted = new Map<string, string>();
  private closed = false;

  constructor(
    private readonly name: string,
    private readonly basePath: string | undefined,
    private readonly store: EntryStore,
  ) {}

  /** `{basePath}/{service}/{address}`. */
  keyOf(service: string, address: string): string {
    return `${servicePrefix(this.basePath, service)}${address}`;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async register(entry: RegistryEntry): Promise<RegistryRecord> {
    if (this.closed) throw new Error(`This ${this.name} registry is closed; create a new one`);
    const key = this.keyOf(entry.service, entry.address);
    const write = async (metadata: ServiceMetadata): Promise<void> => {
      const value = formatServiceMetadata(metadata);
      this.wanted.set(key, value);
      await this.store.write(key, value);
    };
    try {
      await write(entry.metadata);
    } catch (error) {
      this.wanted.delete(key);
      throw error;
    }
    return {
      update: async (metadata) => {
        if (this.wanted.has(key) && !this.closed) await write(metadata);
      },
      remove: async () => {
        if (!this.wanted.delete(key) || this.closed) return;
        await this.store.erase(key);
      },
    };
  }

  /** Forgets every entry; later calls to `register()` throw. */
  close(): void {
    this.closed = true;
    this.wanted.clear();
  }
}
