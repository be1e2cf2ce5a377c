/**
 * Registration on etcd v3, in rpcx's layout (`{basePath}/{service}/{address}` → URL-query metadata).
 * Every entry of one registry hangs on one lease with a TTL that etcd3 keeps alive (a third of the TTL
 * between keep-alives). If the lease is lost (etcd was away longer than the TTL, or the lease was
 * revoked), a new one is granted and every entry is written again, retrying until etcd answers. A
 * server that dies without closing disappears from discovery once its TTL runs out.
 */
import type { Etcd3, Lease } from 'etcd3';
import { backoffDelay, formatServiceMetadata, type Registry, type RegistryRecord } from '../../src/internal.js';
import { etcdClient, servicePrefix, type EtcdConnectionOptions } from './etcd-client.js';

/** Options of {@link createEtcdRegistry}. */
export interface EtcdRegistryOptions extends EtcdConnectionOptions {
  /** Lease TTL in seconds: how long a dead server's entries outlive it. Default 10 (rpcx: 2 × UpdateInterval). */
  ttl?: number;
}

/** A {@link Registry} backed by etcd. */
export interface EtcdRegistry extends Registry {
  /** Revokes the lease (every entry of this registry disappears at once) and closes the etcd client unless it was passed in. */
  close(): Promise<void>;
}

/** Creates a registry that writes entries to etcd under a kept-alive lease. */
export function createEtcdRegistry(options: EtcdRegistryOptions = {}): EtcdRegistry {
  const ttl = options.ttl ?? 10;
  if (!Number.isInteger(ttl) || ttl < 1) throw new TypeError(`ttl must be a whole number of seconds ≥ 1, got ${String(options.ttl)}`);
  return new LeasedRegistry(etcdClient(options), ttl, options);
}

class LeasedRegistry implements EtcdRegistry {
  private readonly client: Etcd3;
  private readonly owned: boolean;
  /** What this registry wants in etcd: key → value. Rewritten in full after a lease loss. */
  private readonly entries = new Map<string, string>();
  private lease: Lease | undefined;
  private closed = false;
  private retries = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    connection: { client: Etcd3; owned: boolean },
    private readonly ttl: number,
    private readonly options: EtcdRegistryOptions,
  ) {
    this.client = connection.client;
    this.owned = connection.owned;
  }

  async register(entry: { service: string; address: string; metadata: Readonly<Record<string, string>> }): Promise<RegistryRecord> {
    if (this.closed) throw new Error('This etcd registry is closed; create a new one');
    const key = `${servicePrefix(this.options.basePath, entry.service)}${entry.address}`;
    const write = async (metadata: Readonly<Record<string, string>>): Promise<void> => {
      const value = formatServiceMetadata(metadata);
      this.entries.set(key, value);
      await this.currentLease().put(key).value(value).exec();
    };
    try {
      await write(entry.metadata);
    } catch (error) {
      this.entries.delete(key);
      throw error;
    }
    return {
      update: async (metadata) => {
        if (this.entries.has(key) && !this.closed) await write(metadata);
      },
      remove: async () => {
        if (!this.entries.delete(key) || this.closed) return;
        await bounded(this.client.delete().key(key).exec(), `removing ${key}`);
      },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.entries.clear();
    const lease = this.lease;
    this.lease = undefined;
    try {
      // revoke() stops the keep-alives first, so even when etcd does not answer the entries expire.
      if (lease !== undefined) await bounded(lease.revoke(), 'revoking the lease');
    } catch (error) {
      // etcd is away: the entries expire with the TTL instead.
      this.report(error);
    } finally {
      if (this.owned) this.client.close();
    }
  }

  private currentLease(): Lease {
    if (this.lease !== undefined) return this.lease;
    const lease = this.client.lease(this.ttl);
    lease.on('lost', (error) => this.leaseLost(lease, error));
    this.lease = lease;
    return lease;
  }

  private leaseLost(lease: Lease, error: Error): void {
    if (this.lease !== lease || this.closed) return;
    this.report(error);
    this.lease = undefined;
    this.scheduleRepublish();
  }

  private scheduleRepublish(): void {
    clearTimeout(this.retryTimer);
    this.retries++;
    const delay = Math.max(50, backoffDelay(this.retries, { initialDelay: 100, maxDelay: this.options.maxRetryDelay ?? 2000 }));
    this.retryTimer = setTimeout(() => void this.republish(), delay);
  }

  /** Writes every entry again under a new lease; retries until it succeeds or the registry closes. */
  private async republish(): Promise<void> {
    if (this.closed) return;
    const lease = this.currentLease();
    try {
      await Promise.all([...this.entries].map(([key, value]) => lease.put(key).value(value).exec()));
      this.retries = 0;
    } catch (error) {
      this.report(error);
      if (this.lease === lease && !this.closed) {
        this.lease = undefined;
        lease.release();
        this.scheduleRepublish();
      }
    }
  }

  private report(error: unknown): void {
    this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
  }
}

/** How long a graceful close waits for etcd before relying on the TTL instead. */
const CLOSE_WAIT_MS = 3000;

/** `promise`, or a rejection once CLOSE_WAIT_MS has passed (etcd3 would otherwise retry for much longer). */
async function bounded<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`etcd did not answer within ${CLOSE_WAIT_MS} ms while ${what}; the entry expires with its lease`)), CLOSE_WAIT_MS);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
