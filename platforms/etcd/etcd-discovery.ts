/**
 * Discovery on etcd v3, in rpcx's layout: the servers of a service are the keys under
 * `{basePath}/{service}/`, each named by its address (`tcp@10.0.0.5:8972`) and holding its metadata
 * as a URL query (`weight=10&state=active&group=blue`). Each watched service is read in full, then
 * followed with a watch from the next revision. When etcd is unreachable, restarts or breaks the
 * watch, the last known set stays in force while this source retries; it never reports fewer servers
 * because of an etcd error.
 */
import type { Etcd3, IKeyValue, Watcher } from 'etcd3';
import { backoffDelay, parseServiceMetadata, type Discovery, type DiscoveryListener, type ServiceInstance } from '../../src/internal.js';
import { etcdClient, servicePrefix, type EtcdConnectionOptions } from './etcd-client.js';

/** Options of {@link createEtcdDiscovery}. */
export interface EtcdDiscoveryOptions extends EtcdConnectionOptions {
  /** A full re-read behind the watch, as a safety net, every this many ms. Default 30 000; 0 disables. */
  resyncInterval?: number;
}

/** A {@link Discovery} backed by etcd; close it when no cluster client uses it any more. */
export interface EtcdDiscovery extends Discovery {
  /** Stops every watch (and closes the etcd client unless it was passed in). */
  close(): Promise<void>;
}

/** Watches servers registered in etcd (by isorpc's `createEtcdRegistry` or by rpcx). */
export function createEtcdDiscovery(options: EtcdDiscoveryOptions = {}): EtcdDiscovery {
  const { client, owned } = etcdClient(options);
  const watches = new Map<string, ServiceWatch>();
  let closed = false;
  return {
    subscribe(service: string, listener: DiscoveryListener): () => void {
      if (closed) throw new Error('This etcd discovery is closed; create a new one');
      let watch = watches.get(service);
      if (watch === undefined) {
        watch = new ServiceWatch(client, servicePrefix(options.basePath, service), options);
        watches.set(service, watch);
      }
      const current = watch;
      current.add(listener);
      return () => {
        if (current.remove(listener) === 0 && watches.get(service) === current) {
          watches.delete(service);
          void current.stop();
        }
      };
    },
    async close() {
      closed = true;
      const stopping = [...watches.values()].map((watch) => watch.stop());
      watches.clear();
      await Promise.allSettled(stopping);
      if (owned) client.close();
    },
  };
}

/** One service's servers: a full read, then a watch; re-read after errors and every `resyncInterval`. */
class ServiceWatch {
  private readonly entries = new Map<string, string>();
  private readonly listeners = new Set<DiscoveryListener>();
  private known = false;
  private stopped = false;
  private watcher: Watcher | undefined;
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private resyncTimer: ReturnType<typeof setInterval> | undefined;
  private emitQueued = false;
  private syncing = false;

  constructor(
    private readonly client: Etcd3,
    private readonly prefix: string,
    private readonly options: EtcdDiscoveryOptions,
  ) {
    void this.sync();
    const every = options.resyncInterval ?? 30_000;
    if (every > 0) {
      this.resyncTimer = setInterval(() => void this.sync(), every);
      this.resyncTimer.unref();
    }
  }

  add(listener: DiscoveryListener): void {
    this.listeners.add(listener);
    if (this.known) listener(this.snapshot());
  }

  remove(listener: DiscoveryListener): number {
    this.listeners.delete(listener);
    return this.listeners.size;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.resyncTimer);
    const watcher = this.watcher;
    this.watcher = undefined;
    if (watcher !== undefined) await cancelWatcher(watcher);
  }

  private snapshot(): ServiceInstance[] {
    return [...this.entries].map(([address, metadata]) => ({ address, metadata: parseServiceMetadata(metadata) }));
  }

  /** Tells listeners once per burst of changes (one etcd response can carry many events). */
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

  private address(kv: IKeyValue): string | undefined {
    const key = kv.key.toString();
    return key.startsWith(this.prefix) && key.length > this.prefix.length ? key.slice(this.prefix.length) : undefined;
  }

  /** Reads the whole set (replacing the one held only on success), then watches from that revision on. */
  private async sync(): Promise<void> {
    if (this.stopped || this.syncing) return;
    this.syncing = true;
    clearTimeout(this.retryTimer);
    try {
      const response = await this.client.getAll().prefix(this.prefix).exec();
      if (this.stopped) return;
      const next = new Map<string, string>();
      for (const kv of response.kvs) {
        const address = this.address(kv);
        if (address !== undefined) next.set(address, kv.value.toString());
      }
      if (!this.known || !sameEntries(next, this.entries)) {
        this.entries.clear();
        for (const [address, metadata] of next) this.entries.set(address, metadata);
        this.emit();
      }
      // A fresh watch from the read's revision leaves no gap and no overlap with what was just read.
      const previous = this.watcher;
      this.watcher = undefined;
      if (previous !== undefined) await cancelWatcher(previous);
      await this.watch(BigInt(response.header.revision) + 1n);
      this.failures = 0;
    } catch (error) {
      this.failed(error);
    } finally {
      this.syncing = false;
    }
  }

  private async watch(fromRevision: bigint): Promise<void> {
    const watcher = await this.client.watch().prefix(this.prefix).startRevision(fromRevision.toString()).create();
    if (this.stopped) {
      await cancelWatcher(watcher);
      return;
    }
    this.watcher = watcher;
    let disconnected = false;
    watcher.on('put', (kv) => {
      const address = this.address(kv);
      if (address === undefined) return;
      this.entries.set(address, kv.value.toString());
      this.emit();
    });
    watcher.on('delete', (kv) => {
      const address = this.address(kv);
      if (address !== undefined && this.entries.delete(address)) this.emit();
    });
    // etcd3 reconnects a dropped watch and replays from its last revision; a re-read on reconnection
    // also covers what a replay cannot (a compacted revision, an etcd restored from a backup).
    watcher.on('disconnected', (error) => {
      disconnected = true;
      this.report(error);
    });
    watcher.on('connected', () => {
      if (!disconnected) return;
      disconnected = false;
      void this.sync();
    });
    // A watch etcd cancelled for good: drop it and start over with a fresh read.
    watcher.on('error', (error) => {
      this.report(error);
      if (this.watcher === watcher) this.watcher = undefined;
      void cancelWatcher(watcher);
      this.failed(error);
    });
  }

  private failed(error: unknown): void {
    this.report(error);
    if (this.stopped) return;
    this.failures++;
    clearTimeout(this.retryTimer);
    const delay = Math.max(50, backoffDelay(this.failures, { initialDelay: 100, maxDelay: this.options.maxRetryDelay ?? 2000 }));
    this.retryTimer = setTimeout(() => void this.sync(), delay);
    this.retryTimer.unref();
  }

  private report(error: unknown): void {
    if (!this.stopped) this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
  }
}

function sameEntries(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (b.get(key) !== value) return false;
  return true;
}

/** Cancels a watch; etcd3 waits for etcd to confirm, which a half-dead stream may never do, so at most 1 s. */
async function cancelWatcher(watcher: Watcher): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const bound = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, 1000);
    timer.unref();
  });
  await Promise.race([watcher.cancel().catch(() => undefined), bound]);
  clearTimeout(timer);
}
