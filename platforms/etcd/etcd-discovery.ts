/**
 * Discovery on etcd v3, in rpcx's layout: the servers of a service are the keys under
 * `{basePath}/{service}/`, each named by its address (`tcp@10.0.0.5:8972`) and holding its metadata
 * as a URL query (`weight=10&state=active&group=blue`). Each watched service is read in full, then
 * followed with a watch from the next revision. When etcd is unreachable, restarts or breaks the
 * watch, the last known set stays in force while this source retries; it never reports fewer servers
 * because of an etcd error.
 */
import type { Etcd3, IKeyValue, Watcher } from 'etcd3';
import { createRetryLoop, createWatchedDiscovery, servicePrefix, toError, type RegistryDiscovery, type RetryLoop, type ServiceSet } from '../../src/internal.js';
import { etcdClient, type EtcdConnectionOptions } from './etcd-client.js';

/** Options of {@link createEtcdDiscovery}. */
export interface EtcdDiscoveryOptions extends EtcdConnectionOptions {
  /** A full re-read behind the watch, as a safety net, every this many ms. Default 30 000; 0 disables. */
  resyncInterval?: number;
}

/** A `Discovery` backed by etcd; close it when no cluster client uses it any more. */
export type EtcdDiscovery = RegistryDiscovery;

/** Watches servers registered in etcd (by isorpc's `createEtcdRegistry` or by rpcx). */
export function createEtcdDiscovery(options: EtcdDiscoveryOptions = {}): EtcdDiscovery {
  const { client, owned } = etcdClient(options);
  return createWatchedDiscovery(
    'etcd',
    (service, set) => new EtcdServiceWatch(client, servicePrefix(options.basePath, service), set, options),
    () => {
      if (owned) client.close();
    },
  );
}

/** One service's servers: a full read, then a watch; re-read after errors and every `resyncInterval`. */
class EtcdServiceWatch {
  private watcher: Watcher | undefined;
  private readonly sync: RetryLoop;
  private resyncTimer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly client: Etcd3,
    private readonly prefix: string,
    private readonly set: ServiceSet,
    private readonly options: EtcdDiscoveryOptions,
  ) {
    this.sync = createRetryLoop(() => this.readAndWatch(), { maxDelay: options.maxRetryDelay, onError: options.onError });
    this.sync.run();
    const every = options.resyncInterval ?? 30_000;
    if (every > 0) {
      this.resyncTimer = setInterval(() => this.sync.run(), every);
      this.resyncTimer.unref();
    }
  }

  async stop(): Promise<void> {
    this.sync.stop();
    clearInterval(this.resyncTimer);
    const watcher = this.watcher;
    this.watcher = undefined;
    if (watcher !== undefined) await cancelWatcher(watcher);
  }

  private address(kv: IKeyValue): string | undefined {
    const key = kv.key.toString();
    return key.startsWith(this.prefix) && key.length > this.prefix.length ? key.slice(this.prefix.length) : undefined;
  }

  /** Reads the whole set (replacing the one held only on success), then watches from that revision on. */
  private async readAndWatch(): Promise<void> {
    const response = await this.client.getAll().prefix(this.prefix).exec();
    if (this.sync.stopped) return;
    const next = new Map<string, string>();
    for (const kv of response.kvs) {
      const address = this.address(kv);
      if (address !== undefined) next.set(address, kv.value.toString());
    }
    this.set.replace(next);
    // A fresh watch from the read's revision leaves no gap and no overlap with what was just read.
    const previous = this.watcher;
    this.watcher = undefined;
    if (previous !== undefined) await cancelWatcher(previous);
    await this.watch(BigInt(response.header.revision) + 1n);
  }

  private async watch(fromRevision: bigint): Promise<void> {
    const watcher = await this.client.watch().prefix(this.prefix).startRevision(fromRevision.toString()).create();
    if (this.sync.stopped) {
      await cancelWatcher(watcher);
      return;
    }
    this.watcher = watcher;
    let disconnected = false;
    watcher.on('put', (kv) => {
      const address = this.address(kv);
      if (address !== undefined) this.set.set(address, kv.value.toString());
    });
    watcher.on('delete', (kv) => {
      const address = this.address(kv);
      if (address !== undefined) this.set.delete(address);
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
      this.sync.run();
    });
    // A watch etcd cancelled for good: drop it and start over with a fresh read.
    watcher.on('error', (error) => {
      this.report(error);
      if (this.watcher === watcher) this.watcher = undefined;
      void cancelWatcher(watcher);
      this.sync.run();
    });
  }

  private report(error: unknown): void {
    if (!this.sync.stopped) this.options.onError?.(toError(error));
  }
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
