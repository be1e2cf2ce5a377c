/**
 * Discovery on Redis in rpcx's layout (see redis-registry.ts). Each watched service is found by a
 * SCAN of its key prefix and followed through keyspace notifications: a pattern subscription on
 * `__keyspace@{db}__:/{basePath}/{service}/*` tells which key was set, deleted or expired, and that
 * key alone is read again. Notifications are at-most-once (none arrive while disconnected, and some
 * Redis services forbid turning them on), so a full scan also runs on every reconnection and every
 * `pollInterval`. When Redis is unreachable the last known set stays in force; the first scan after
 * a reconnection only adds (a Redis restarted without persistence is empty until the servers have
 * written their entries again), and a scan `reconnectGrace` later drops what is really gone.
 */
import type { Redis } from 'ioredis';
import { createRetryLoop, createWatchedDiscovery, servicePrefix, toError, type RegistryDiscovery, type RetryLoop, type ServiceSet } from '../../src/internal.js';
import { decodeEntry, globEscape, redisClient, redisKey, type RedisConnectionOptions } from './redis-client.js';
import { enableKeyspaceEvents } from './redis-notifications.js';

/** Options of {@link createRedisDiscovery}. */
export interface RedisDiscoveryOptions extends RedisConnectionOptions {
  /** A full scan behind the notifications every this many ms. Default 10 000; 0 disables. */
  pollInterval?: number;
  /** After a reconnection, how long servers missing from Redis are kept (they may be writing their entries again). Default 5000 ms. */
  reconnectGrace?: number;
  /** Turn on the keyspace notifications the discovery needs with CONFIG SET. Default true. */
  configureNotifications?: boolean;
}

/** A {@link Discovery} backed by Redis; close it when no cluster client uses it any more. */
export type RedisDiscovery = RegistryDiscovery;

const SCAN_COUNT = 500;

/** Watches servers registered in Redis (by isorpc's `createRedisRegistry` or by rpcx's Redis plugin). */
export function createRedisDiscovery(options: RedisDiscoveryOptions = {}): RedisDiscovery {
  const { client, owned } = redisClient(options);
  // A connection in subscriber mode cannot run other commands: notifications come on a second one.
  const subscriber = client.duplicate();
  subscriber.on('error', (error: Error) => options.onError?.(error));
  const db = Number(client.options.db ?? 0);
  const watches = new Set<RedisServiceWatch>();
  const readyBefore = new Set<Redis>();
  /** Each (re)connection: notifications may have been missed, and a restarted Redis has them off again. */
  const onReady = (connection: Redis): void => {
    const again = readyBefore.has(connection);
    readyBefore.add(connection);
    if (options.configureNotifications !== false) void enableKeyspaceEvents(client).catch((error: unknown) => options.onError?.(toError(error)));
    for (const watch of watches) watch.connected(again);
  };
  const clientReady = (): void => onReady(client);
  client.on('ready', clientReady);
  subscriber.on('ready', () => {
    // ioredis restores only subscriptions that succeeded; one that failed while Redis was away is made now.
    for (const watch of watches) watch.subscribe();
    onReady(subscriber);
  });
  subscriber.on('pmessage', (_pattern: string, channel: string, event: string) => {
    for (const watch of watches) watch.notified(channel, event);
  });
  if (client.status === 'ready') clientReady();
  return createWatchedDiscovery(
    'Redis',
    (service, set) => {
      const watch = new RedisServiceWatch(client, subscriber, db, redisKey(servicePrefix(options.basePath, service)), set, options);
      watches.add(watch);
      return {
        stop: () => {
          watches.delete(watch);
          return watch.stop();
        },
      };
    },
    () => {
      client.off('ready', clientReady);
      subscriber.disconnect();
      if (owned) client.disconnect();
    },
  );
}

/** One service: a scan, then notifications for its keys; a scan again on reconnection and every `pollInterval`. */
class RedisServiceWatch {
  private readonly scan: RetryLoop;
  private readonly channelPrefix: string;
  private readonly pattern: string;
  private readonly pollTimer: ReturnType<typeof setInterval> | undefined;
  private graceTimer: ReturnType<typeof setTimeout> | undefined;
  /** True for `reconnectGrace` after a reconnection: scans only add. */
  private mergeOnly = false;
  private scanning = false;

  constructor(
    private readonly client: Redis,
    private readonly subscriber: Redis,
    db: number,
    private readonly keyPrefix: string,
    private readonly set: ServiceSet,
    private readonly options: RedisDiscoveryOptions,
  ) {
    this.channelPrefix = `__keyspace@${db}__:`;
    this.pattern = `${this.channelPrefix}${globEscape(keyPrefix)}*`;
    this.scan = createRetryLoop(() => this.scanAll(), { maxDelay: options.maxRetryDelay, onError: options.onError });
    this.subscribe();
    this.scan.run();
    const every = options.pollInterval ?? 10_000;
    if (every > 0) {
      this.pollTimer = setInterval(() => this.scan.run(), every);
      this.pollTimer.unref();
    }
  }

  /** Subscribes to the service's keyspace notifications (again: PSUBSCRIBE of a held pattern is a no-op). */
  subscribe(): void {
    // Scan once the subscription is active, so no change falls between the scan and the first notification.
    this.subscriber.psubscribe(this.pattern).then(
      () => this.scan.run(),
      (error: unknown) => this.report(error),
    );
  }

  stop(): void {
    this.scan.stop();
    clearInterval(this.pollTimer);
    clearTimeout(this.graceTimer);
    void this.subscriber.punsubscribe(this.pattern).catch(() => undefined);
  }

  /** A connection became ready; `again` when it is a reconnection (Redis may have restarted empty). */
  connected(again: boolean): void {
    if (this.scan.stopped) return;
    if (again) {
      this.mergeOnly = true;
      clearTimeout(this.graceTimer);
      this.graceTimer = setTimeout(() => {
        this.mergeOnly = false;
        this.scan.run();
      }, this.options.reconnectGrace ?? 5000);
      this.graceTimer.unref();
    }
    this.scan.run();
  }

  /** A keyspace notification: `event` happened to the key in `channel`. */
  notified(channel: string, event: string): void {
    if (this.scan.stopped || !channel.startsWith(this.channelPrefix)) return;
    const key = channel.slice(this.channelPrefix.length);
    if (!key.startsWith(this.keyPrefix) || key.length === this.keyPrefix.length) return;
    // `expire` is a TTL renewal: the entry itself did not change.
    if (event === 'expire') return;
    const address = key.slice(this.keyPrefix.length);
    // A scan in flight may have read the key before this change: scan once more after it.
    if (this.scanning) this.scan.run();
    this.client.get(key).then(
      (value) => {
        if (this.scan.stopped) return;
        if (value === null) this.set.delete(address);
        else this.set.set(address, decodeEntry(value));
      },
      (error: unknown) => {
        this.report(error);
        this.scan.run();
      },
    );
  }

  /** Reads every entry of the service (SCAN of the prefix, then MGET). */
  private async scanAll(): Promise<void> {
    this.scanning = true;
    const mergeOnly = this.mergeOnly;
    try {
      const match = `${globEscape(this.keyPrefix)}*`;
      const keys = new Set<string>();
      let cursor = '0';
      do {
        const [next, batch] = await this.client.scan(cursor, 'MATCH', match, 'COUNT', SCAN_COUNT);
        for (const key of batch) if (key.length > this.keyPrefix.length) keys.add(key);
        cursor = next;
      } while (cursor !== '0');
      const list = [...keys];
      const values = list.length === 0 ? [] : await this.client.mget(...list);
      if (this.scan.stopped) return;
      const found = new Map<string, string>();
      list.forEach((key, i) => {
        const value = values[i];
        if (value !== null && value !== undefined) found.set(key.slice(this.keyPrefix.length), decodeEntry(value));
      });
      if (mergeOnly) this.set.merge(found);
      else this.set.replace(found);
    } finally {
      this.scanning = false;
    }
  }

  private report(error: unknown): void {
    if (!this.scan.stopped) this.options.onError?.(toError(error));
  }
}
