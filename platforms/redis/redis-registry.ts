/**
 * Registration on Redis in rpcx's layout (its Redis store, libkv): one string key per entry,
 * `/{basePath}/{service}/{address}`, holding libkv's JSON `{Key, Value, LastIndex}` whose Value is the
 * base64 of the metadata query, with a TTL. rpcx writes the TTL as 2 × UpdateInterval and rewrites the
 * key every UpdateInterval; this registry sets the TTL on every write and renews it every third of
 * the TTL (PEXPIRE, which leaves the value alone, so watchers are not woken), writing the entry again
 * when Redis lost it (a restart without persistence, an eviction). A server that dies without closing
 * disappears once its TTL runs out.
 */
import type { Redis } from 'ioredis';
import { bounded, toError, WantedEntries, type Registry, type RegistryEntry, type RegistryRecord } from '../../src/internal.js';
import { encodeEntry, redisClient, redisKey, type RedisConnectionOptions } from './redis-client.js';

/** Options of {@link createRedisRegistry}. */
export interface RedisRegistryOptions extends RedisConnectionOptions {
  /** Key TTL in seconds: how long a dead server's entries outlive it. Default 10 (rpcx: 2 × UpdateInterval). */
  ttl?: number;
}

/** A {@link Registry} backed by Redis. */
export interface RedisRegistry extends Registry {
  /** Deletes this registry's entries, stops renewing them and closes the Redis client unless it was passed in. */
  close(): Promise<void>;
}

const CLOSE_WAIT_MS = 3000;

/** Creates a registry that writes entries to Redis as keys with a renewed TTL. */
export function createRedisRegistry(options: RedisRegistryOptions = {}): RedisRegistry {
  const ttl = options.ttl ?? 10;
  if (!Number.isInteger(ttl) || ttl < 1) throw new TypeError(`ttl must be a whole number of seconds ≥ 1, got ${String(options.ttl)}`);
  return new ExpiringRegistry(redisClient(options), ttl * 1000, options);
}

class ExpiringRegistry implements RedisRegistry {
  private readonly client: Redis;
  private readonly owned: boolean;
  private readonly entries: WantedEntries;
  private readonly renewTimer: ReturnType<typeof setInterval>;
  private readonly onReady = (): void => void this.renew();
  private renewing = false;

  constructor(
    connection: { client: Redis; owned: boolean },
    private readonly ttlMs: number,
    private readonly options: RedisRegistryOptions,
  ) {
    this.client = connection.client;
    this.owned = connection.owned;
    this.entries = new WantedEntries('Redis', options.basePath, {
      write: async (key, value) => void (await this.client.set(redisKey(key), encodeEntry(key, value), 'PX', this.ttlMs)),
      erase: async (key) => void (await bounded(this.client.del(redisKey(key)), CLOSE_WAIT_MS, `Redis did not answer within ${CLOSE_WAIT_MS} ms while removing ${key}; the entry expires with its TTL`)),
    });
    this.renewTimer = setInterval(this.onReady, Math.max(100, Math.floor(ttlMs / 3)));
    this.renewTimer.unref();
    // A reconnection may follow a Redis restart that lost every key: renew (and rewrite) at once.
    this.client.on('ready', this.onReady);
  }

  register(entry: RegistryEntry): Promise<RegistryRecord> {
    return this.entries.register(entry);
  }

  async close(): Promise<void> {
    if (this.entries.isClosed) return;
    const keys = [...this.entries.wanted.keys()].map(redisKey);
    this.entries.close();
    clearInterval(this.renewTimer);
    this.client.off('ready', this.onReady);
    try {
      if (keys.length > 0) await bounded(this.client.del(...keys), CLOSE_WAIT_MS, `Redis did not answer within ${CLOSE_WAIT_MS} ms while removing the entries; they expire with their TTL`);
    } catch (error) {
      this.options.onError?.(toError(error));
    } finally {
      if (this.owned) this.client.disconnect();
    }
  }

  /** Renews every entry's TTL; writes again the ones Redis no longer has. */
  private async renew(): Promise<void> {
    if (this.renewing || this.entries.isClosed || this.entries.wanted.size === 0) return;
    this.renewing = true;
    try {
      const wanted = [...this.entries.wanted];
      const renewed = await this.client.pipeline(wanted.map(([key]) => ['pexpire', redisKey(key), this.ttlMs])).exec();
      const lost = wanted.filter((_, i) => renewed?.[i]?.[1] !== 1);
      if (lost.length === 0 || this.entries.isClosed) return;
      // Only entries still wanted: one removed while the renewal was in flight stays removed.
      const again = lost.filter(([key, value]) => this.entries.wanted.get(key) === value);
      await this.client.pipeline(again.map(([key, value]) => ['set', redisKey(key), encodeEntry(key, value), 'PX', this.ttlMs])).exec();
    } catch (error) {
      // The next renewal (a third of the TTL later, or the next reconnection) tries again.
      this.options.onError?.(toError(error));
    } finally {
      this.renewing = false;
    }
  }
}
