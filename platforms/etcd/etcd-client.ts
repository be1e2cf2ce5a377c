import { Etcd3, type IOptions } from 'etcd3';
import { backoffDelay } from '../../src/internal.js';

/** How the etcd sources reach etcd. */
export interface EtcdConnectionOptions {
  /** etcd endpoints, e.g. `'http://127.0.0.1:2379'` (the default) or a list of them. Ignored with `client`. */
  hosts?: string | string[];
  /** An etcd3 client to use; it is shared, so `close()` leaves it open. */
  client?: Etcd3;
  /** Further etcd3 options (TLS `credentials`, `auth`, …) for the client created from `hosts`. */
  etcdOptions?: Omit<IOptions, 'hosts'>;
  /** Key prefix: servers live at `{basePath}/{service}/{address}`, as in rpcx. Default `'/rpcx'`. */
  basePath?: string;
  /** Longest wait between retries after etcd errors, in ms. Default 2000. */
  maxRetryDelay?: number;
  /** Receives etcd errors the source recovers from by itself (for logs). */
  onError?: (error: Error) => void;
}

type WatchBackoff = NonNullable<NonNullable<IOptions['faultHandling']>['watchBackoff']>;

/** etcd3's watch reconnection backoff, as full-jitter exponential capped at `maxDelay`. */
function watchBackoff(maxDelay: number, retry = 1): WatchBackoff {
  return {
    duration: Math.max(50, backoffDelay(retry, { initialDelay: 100, maxDelay })),
    next: () => watchBackoff(maxDelay, retry + 1),
  };
}

/** @internal The client to use and whether this source owns it. */
export function etcdClient(options: EtcdConnectionOptions): { client: Etcd3; owned: boolean } {
  if (options.client !== undefined) return { client: options.client, owned: false };
  const maxDelay = options.maxRetryDelay ?? 2000;
  const client = new Etcd3({
    // Unary calls must not hang while etcd is away: the sources retry on their own schedule.
    defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + 5000 }),
    ...options.etcdOptions,
    grpcOptions: { 'grpc.initial_reconnect_backoff_ms': 100, 'grpc.max_reconnect_backoff_ms': maxDelay, ...options.etcdOptions?.grpcOptions },
    faultHandling: { watchBackoff: watchBackoff(maxDelay), ...options.etcdOptions?.faultHandling },
    hosts: options.hosts ?? 'http://127.0.0.1:2379',
  });
  return { client, owned: true };
}
