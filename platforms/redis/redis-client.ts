import { Redis, type RedisOptions } from 'ioredis';
import { backoffDelay } from '../../src/internal.js';

/** How the Redis sources reach Redis. */
export interface RedisConnectionOptions {
  /** A Redis URL: `'redis://127.0.0.1:6379'` (the default), `'redis://:password@host:6379/2'`, `'rediss://…'`. Ignored with `client`. */
  url?: string;
  /** An ioredis client to use; it is shared, so `close()` leaves it open. */
  client?: Redis;
  /** Further ioredis options (`password`, `db`, `tls`, …) for the client created from `url`. */
  redisOptions?: RedisOptions;
  /** Key prefix: servers live at `/{basePath}/{service}/{address}`, as rpcx's Redis store writes them. Default `'/rpcx'`. */
  basePath?: string;
  /** Longest wait between reconnections and retries after Redis errors, in ms. Default 2000. */
  maxRetryDelay?: number;
  /** Receives Redis errors the source recovers from by itself (for logs). */
  onError?: (error: Error) => void;
}

/** @internal The client to use and whether this source owns it. */
export function redisClient(options: RedisConnectionOptions): { client: Redis; owned: boolean } {
  if (options.client !== undefined) return { client: options.client, owned: false };
  const maxDelay = options.maxRetryDelay ?? 2000;
  const settings: RedisOptions = {
    // Reconnect forever with jittered backoff; commands queued while away fail after two reconnections,
    // so the sources retry on their own schedule instead of waiting on ioredis's 20.
    retryStrategy: (times) => Math.max(50, backoffDelay(times, { initialDelay: 100, maxDelay })),
    maxRetriesPerRequest: 2,
    ...options.redisOptions,
  };
  const client = new Redis(options.url ?? 'redis://127.0.0.1:6379', settings);
  // ioredis reports connection errors as 'error' events; without a listener Node would throw them.
  client.on('error', (error: Error) => options.onError?.(error));
  return { client, owned: true };
}

/**
 * @internal The Redis key of an entry, as rpcx's store (libkv) normalises it: `'/' + key`, so the
 * default base path `/rpcx` gives `//rpcx/Arith/tcp@10.0.0.5:8972`.
 */
export function redisKey(key: string): string {
  return `/${key}`;
}

/** @internal An entry's value as rpcx's store writes it: Go's JSON of `{Key, Value: base64 bytes, LastIndex}`. */
export function encodeEntry(key: string, metadata: string): string {
  // LastIndex is libkv's write sequence (nanoseconds); rpcx never reads it back for registrations.
  return JSON.stringify({ Key: key, Value: Buffer.from(metadata, 'utf8').toString('base64'), LastIndex: Date.now() % 1_000_000_000 });
}

/** @internal The metadata in a stored value: libkv's JSON, or a bare query string other tools may write. */
export function decodeEntry(stored: string): string {
  if (stored.startsWith('{')) {
    try {
      const parsed = JSON.parse(stored) as { Value?: unknown };
      if (typeof parsed.Value === 'string') return Buffer.from(parsed.Value, 'base64').toString('utf8');
      if (parsed.Value === null) return '';
    } catch {
      // Not libkv's JSON: read it as a query string below.
    }
  }
  return stored;
}

/** @internal `text` with Redis glob characters escaped, for SCAN MATCH and PSUBSCRIBE patterns. */
export function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
