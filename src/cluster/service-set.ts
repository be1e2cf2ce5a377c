/**
 * One service's servers as a registry source knows them: address → metadata query string. Shared by
 * the registry-backed discoveries (etcd, ZooKeeper, Redis) so each keeps the same promise: listeners
 * hear the whole set once it is known and after each change, one call per burst of changes, and a
 * full read replaces the set only when it succeeded (a registry error never shrinks it).
 */
import type { DiscoveryListener, ServiceInstance } from './discovery.js';
import { parseServiceMetadata } from './service-metadata.js';

/** The servers of one watched service, and who listens to them. */
export class ServiceSet {
  private readonly entries = new Map<string, string>();
  private readonly listeners = new Set<DiscoveryListener>();
  private known = false;
  private stopped = false;
  private emitQueued = false;

  /** Adds a listener; it hears the current set at once when the set is already known. */
  add(listener: DiscoveryListener): void {
    this.listeners.add(listener);
    if (this.known) listener(this.snapshot());
  }

  /** Removes a listener; returns how many remain. */
  remove(listener: DiscoveryListener): number {
    this.listeners.delete(listener);
    return this.listeners.size;
  }

  /** Replaces the whole set with the result of a successful full read; tells listeners if it changed. */
  replace(next: ReadonlyMap<string, string>): void {
    if (this.known && sameEntries(next, this.entries)) return;
    this.entries.clear();
    for (const [address, metadata] of next) this.entries.set(address, metadata);
    this.emit();
  }

  /** Adds or updates what a read found without dropping what it missed (a read right after a registry restart may predate re-registration). */
  merge(found: ReadonlyMap<string, string>): void {
    const next = new Map(this.entries);
    for (const [address, metadata] of found) next.set(address, metadata);
    this.replace(next);
  }

  /** One server added or changed. */
  set(address: string, metadata: string): void {
    if (this.entries.get(address) === metadata && this.known) return;
    this.entries.set(address, metadata);
    this.emit();
  }

  /** One server gone. */
  delete(address: string): void {
    if (this.entries.delete(address)) this.emit();
  }

  /** Stops telling listeners anything. */
  stop(): void {
    this.stopped = true;
  }

  private snapshot(): ServiceInstance[] {
    return [...this.entries].map(([address, metadata]) => ({ address, metadata: parseServiceMetadata(metadata) }));
  }

  /** Tells listeners once per burst of changes (one registry response can carry many). */
  private emit(): void {
    this.known = true;
    if (this.emitQueued) return;
    this.emitQueued = true;
    queueMicrotask(() => {
      this.emitQueued = false;
      if (this.stopped) return;
      const snapshot = this.snapshot();
      for (const listener of [...this.listeners]) listener(snapshot);
    });
  }
}

function sameEntries(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (b.get(key) !== value) return false;
  return true;
}
