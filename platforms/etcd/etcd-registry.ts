/**
 * Registration on etcd v3, in rpcx's layout (`{basePath}/{service}/{address}` → URL-query metadata).
 * Every entry of one registry hangs on one lease with a TTL that etcd3 keeps alive (a third of the TTL
 * between keep-alives). If the lease is lost (etcd was away longer than the TTL, or the lease was
 * revoked), a new one is granted and every entry is written again, retrying until etcd answers. A
 * server that dies without closing disappears from discovery once its TTL runs out.
 */
import type { Etcd3, Lease } from 'etcd3';
import { bounded, createRetryLoop, toError, WantedEntries, type Registry, type RegistryEntry, type RegistryRecord, type RetryLoop } from '../../src/internal.js';
import { etcdClient, type EtcdConnectionOptions } from './etcd-client.js';

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

/** How long a graceful close waits for etcd before relying on the TTL instead. */
const CLOSE_WAIT_MS = 3000;

/** Creates a registry that writes entries to etcd under a kept-alive lease. */
export function createEtcdRegistry(options: EtcdRegistryOptions = {}): EtcdRegistry {
  const ttl = options.ttl ?? 10;
  if (!Number.isInteger(ttl) || ttl < 1) throw new TypeError(`ttl must be a whole number of seconds ≥ 1, got ${String(options.ttl)}`);
  return new LeasedRegistry(etcdClient(options), ttl, options);
}

class LeasedRegistry implements EtcdRegistry {
  private readonly client: Etcd3;
  private readonly owned: boolean;
  private readonly entries: WantedEntries;
  private readonly republish: RetryLoop;
  private lease: Lease | undefined;

  constructor(
    connection: { client: Etcd3; owned: boolean },
    private readonly ttl: number,
    private readonly options: EtcdRegistryOptions,
  ) {
    this.client = connection.client;
    this.owned = connection.owned;
    this.entries = new WantedEntries('etcd', options.basePath, {
      write: async (key, value) => void (await this.currentLease().put(key).value(value).exec()),
      erase: async (key) => void (await bounded(this.client.delete().key(key).exec(), CLOSE_WAIT_MS, `etcd did not answer within ${CLOSE_WAIT_MS} ms while removing ${key}; the entry expires with its lease`)),
    });
    this.republish = createRetryLoop(() => this.writeAll(), { maxDelay: options.maxRetryDelay, onError: options.onError });
  }

  register(entry: RegistryEntry): Promise<RegistryRecord> {
    return this.entries.register(entry);
  }

  async close(): Promise<void> {
    if (this.entries.isClosed) return;
    this.entries.close();
    this.republish.stop();
    const lease = this.lease;
    this.lease = undefined;
    try {
      // revoke() stops the keep-alives first, so even when etcd does not answer the entries expire.
      if (lease !== undefined) await bounded(lease.revoke(), CLOSE_WAIT_MS, `etcd did not answer within ${CLOSE_WAIT_MS} ms while revoking the lease; the entries expire with it`);
    } catch (error) {
      // etcd is away: the entries expire with the TTL instead.
      this.options.onError?.(toError(error));
    } finally {
      if (this.owned) this.client.close();
    }
  }

  private currentLease(): Lease {
    if (this.lease !== undefined) return this.lease;
    const lease = this.client.lease(this.ttl);
    lease.on('lost', (error) => {
      if (this.lease !== lease || this.entries.isClosed) return;
      this.options.onError?.(error);
      this.lease = undefined;
      this.republish.run();
    });
    this.lease = lease;
    return lease;
  }

  /** Writes every entry again under a new lease; on failure the lease is dropped and the loop retries. */
  private async writeAll(): Promise<void> {
    const lease = this.currentLease();
    try {
      await Promise.all([...this.entries.wanted].map(([key, value]) => lease.put(key).value(value).exec()));
    } catch (error) {
      if (this.lease === lease) {
        this.lease = undefined;
        lease.release();
      }
      throw error;
    }
  }
}
