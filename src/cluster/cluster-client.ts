/**
 * The cluster client (rpcx's XClient): the API of a single client over every server of a service.
 * Discovery keeps the member table current; each call picks a server with the selector, opens its
 * connection on first use, and follows the fail mode when it fails.
 */
import type { Client, ClientOptions } from '../client/client.js';
import { RpcError } from '../errors.js';
import { DEFAULT_TIMEOUT_MS } from '../calls/options.js';
import type { Call, CallOptions, NotifyOptions } from '../core/peer-types.js';
import { createProxyWith, type ServiceProxy } from '../calls/proxy.js';
import { DeferredStream } from '../calls/streams/deferred-stream.js';
import type { RpcStream } from '../calls/streams/stream-receiver.js';
import type { Transport } from '../core/transport.js';
import { raceAbort, type LogicalCall } from './attempt.js';
import { resolveBackoff, type BackoffOptions } from './backoff.js';
import { choose, noServer, runCall, waitForDiscovery, type RunnerContext } from './call-runner.js';
import type { CircuitBreakerOptions } from './circuit-breaker.js';
import { CallHandle } from '../calls/call-handle.js';
import type { Discovery } from './discovery.js';
import { FAIL_MODES, type FailMode } from './fail-modes.js';
import { runBroadcast, runFork, type BroadcastReply } from './fan-out.js';
import type { Member } from './member.js';
import { MemberTable } from './member-table.js';
import { addressForProtocol } from './protocol-address.js';
import type { GeoLocation } from './service-metadata.js';
import { resolveSelector } from './selectors/resolve-selector.js';
import type { ClusterMember, RandomSource, SelectMode, Selector, SelectorFunction } from './selectors/selector.js';

/** Options of `createClusterClient()`. */
export interface ClusterClientOptions {
  /** The service to discover, e.g. `'Arith'` (the key under which servers registered). */
  service: string;
  /** Where the servers come from: `fixedDiscovery`, `listDiscovery`, an in-process registry, etcd, or your own. */
  discovery: Discovery;
  /** How to choose a server: a {@link SelectMode}, a Selector or a function. Default `'random'`. */
  select?: SelectMode | Selector | SelectorFunction;
  /** What to do when a server fails. Default `'failover'`. */
  fail?: FailMode;
  /** Retries after the first attempt for `failover` and `failtry`. Default 3. */
  retries?: number;
  /** `failbackup`: ms to wait for the first server before asking a second. Default 10 (rpcx's). */
  backupDelay?: number;
  /** Longest single attempt, in ms (lets an `idempotent` call retry a stuck server within its timeout). Default: none. */
  attemptTimeout?: number;
  /** Delays between retries. */
  backoff?: BackoffOptions;
  /** Per-server circuit breaker thresholds, or `false` for none. */
  breaker?: CircuitBreakerOptions | false;
  /** Use only servers whose `group` metadata equals this. */
  group?: string;
  /** This client's position, for `select: 'closest'`. */
  location?: GeoLocation;
  /** Options for each server connection (`codec`, `connectTimeout`, …); its `timeout` is the default call timeout. */
  clientOptions?: ClientOptions;
  /**
   * The wire protocol of servers registered with a plain address (`tcp@host:port`, `ws://…`), e.g.
   * `'rpcx'` for Go rpcx servers (dialed as `rpcx+tcp@host:port`). A server's `protocol` metadata
   * overrides it. Default: isorpc.
   */
  protocol?: string;
  /** Time constant of the latency average's decay, in ms. Default 10 000. */
  latencyDecay?: number;
  /** Longest a server that left discovery keeps its connection for calls in flight, in ms. Default 30 000. */
  drainTimeout?: number;
  /** Uniform [0, 1) numbers for random choices and jitter. Default `Math.random` (tests pass a seeded one). */
  random?: RandomSource;
}

/** Options of one cluster call. */
export interface ClusterCallOptions extends CallOptions {
  /** The key for `consistent-hash` selection (default: the method and the argument's JSON). */
  key?: string;
  /** Declares the call safe to repeat, so it may be retried after `TIMEOUT` or a lost connection. Default false. */
  idempotent?: boolean;
  /** This call's fail mode, overriding the client's. */
  fail?: FailMode;
  /** This call's retries, overriding the client's. */
  retries?: number;
  /** This call's attempt timeout, overriding the client's. */
  attemptTimeout?: number;
}

/** Options of a cluster notification. */
export interface ClusterNotifyOptions extends NotifyOptions {
  /** The consistent-hash key that picks the server (default: method and argument). */
  key?: string;
}

/** A client over every server of one service. */
export interface ClusterClient {
  /** The service this client calls. */
  readonly service: string;
  /** Calls `method` on a chosen server and resolves with its reply; `timeout` bounds every attempt together. */
  call<Result = unknown>(method: string, arg?: unknown, options?: ClusterCallOptions): Promise<Result>;
  /** Starts a call and returns at once; `call.done` resolves when it settles. */
  go<Result = unknown>(method: string, arg?: unknown, options?: ClusterCallOptions): Call<Result>;
  /**
   * Streams from a chosen server (connecting first, trying others it cannot reach); the stream then
   * stays on that server. Fail modes do not apply to streams: an error ends it.
   */
  stream<Item = unknown>(method: string, arg?: unknown, options?: ClusterCallOptions): RpcStream<Item>;
  /**
   * A typed proxy over the cluster (see ServiceProxy). Its requests are sent when awaited or
   * iterated, so awaited (unary) methods go through `call()` and get the fail modes.
   */
  proxy<Service>(name: string): ServiceProxy<Service, ClusterCallOptions>;
  /** Sends a one-way message to a chosen server (connecting first if needed). Undeliverable messages are dropped. */
  notify(method: string, arg?: unknown, options?: ClusterNotifyOptions): void;
  /** Calls every available server; resolves with all replies, or rejects if any failed. */
  broadcast<Result = unknown>(method: string, arg?: unknown, options?: CallOptions): Promise<Array<BroadcastReply<Result>>>;
  /** Calls every available server; resolves with the first reply and cancels the others. */
  fork<Result = unknown>(method: string, arg?: unknown, options?: CallOptions): Promise<Result>;
  /** The servers in use now (discovered, active, in the group), sorted by address. */
  readonly members: readonly ClusterMember[];
  /** Resolves once discovery has reported the servers for the first time. */
  readonly ready: Promise<void>;
  /** True once `close()` was called. */
  readonly closed: boolean;
  /** Stops discovery, closes every connection; calls in flight reject with `CLOSED`. */
  close(): void;
}

/** Connects to an address, for `createClusterClientWith`. */
export type ClusterConnect = (address: string, options: ClientOptions) => Promise<Client>;

function count(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(value >= 0) || !Number.isFinite(value)) throw new TypeError(`${name} must be a finite number ≥ 0, got ${String(value)}`);
  return value;
}

/**
 * Creates a cluster client that dials with `connect` (and opens in-process transports the discovery
 * offers with `openClient`). Applications call `createClusterClient` from `isorpc` or `isorpc/node`.
 */
export function createClusterClientWith(connect: ClusterConnect, openClient: (transport: Transport, options: ClientOptions) => Promise<Client>, options: ClusterClientOptions): ClusterClient {
  if (typeof options.service !== 'string' || options.service === '') throw new TypeError('createClusterClient(): service must be a non-empty string');
  if (typeof options.discovery?.subscribe !== 'function') throw new TypeError('createClusterClient(): discovery must implement subscribe(service, listener): pass listDiscovery([addresses]), fixedDiscovery(address), an in-process registry, or etcd, ZooKeeper or Redis discovery');
  const fail = options.fail ?? 'failover';
  if (!FAIL_MODES.includes(fail)) throw new TypeError(`Unknown fail mode ${JSON.stringify(fail)}; use one of ${FAIL_MODES.join(', ')}`);
  const random = options.random ?? Math.random;
  const clientOptions = options.clientOptions ?? {};
  const defaultTimeout = count('clientOptions.timeout', clientOptions.timeout, DEFAULT_TIMEOUT_MS);
  const retries = count('retries', options.retries, 3);
  const attemptTimeout = options.attemptTimeout === undefined ? undefined : count('attemptTimeout', options.attemptTimeout, 0);
  const { discovery, service } = options;
  const table = new MemberTable(
    {
      open: (address, metadata) => {
        const transport = discovery.openTransport?.(address);
        return transport === undefined ? connect(addressForProtocol(address, metadata, options.protocol), clientOptions) : openClient(transport, clientOptions);
      },
      breaker: options.breaker ?? {},
      latencyDecay: count('latencyDecay', options.latencyDecay, 10_000) || 1,
      drainTimeout: count('drainTimeout', options.drainTimeout, 30_000),
    },
    options.group,
  );
  const ctx: RunnerContext = {
    service,
    table,
    selector: resolveSelector(options.select ?? 'random', random, options.location),
    backoff: resolveBackoff(options.backoff),
    backupDelay: count('backupDelay', options.backupDelay, 10),
    random,
  };
  const active = new Set<AbortController>();
  let closed = false;
  const unsubscribe = discovery.subscribe(service, (instances) => {
    if (!closed) table.apply(instances);
  });

  /** Resolves a call's options and starts `run` under its signal, deadline and the client's close. */
  function start<T>(method: string, arg: unknown, callOptions: ClusterCallOptions | undefined, run: (call: LogicalCall) => Promise<T>): { promise: Promise<T>; cancel: () => void } {
    const controller = new AbortController();
    const cancel = (): void => controller.abort(new RpcError('CANCELLED', `The call to ${method} was cancelled by the caller`));
    let timeout: number;
    let callRetries: number;
    try {
      timeout = count('timeout', callOptions?.timeout, defaultTimeout);
      callRetries = count('retries', callOptions?.retries, retries);
    } catch (error) {
      return { promise: Promise.reject(RpcError.from(error, 'BAD_REQUEST')), cancel };
    }
    if (closed) return { promise: Promise.reject(closedError()), cancel };
    // Created now, so a timeout's stack names the caller rather than a timer.
    const timeoutError = timeout > 0 ? new RpcError('TIMEOUT', `The call to ${method} got no reply within ${timeout} ms from the servers of ${service}; raise the timeout option or check the servers`) : undefined;
    const userSignal = callOptions?.signal;
    if (userSignal?.aborted) cancel();
    else userSignal?.addEventListener('abort', cancel, { once: true });
    const timer = timeoutError === undefined ? undefined : setTimeout(() => controller.abort(timeoutError), timeout);
    (timer as { unref?: () => void } | undefined)?.unref?.();
    active.add(controller);
    const call: LogicalCall = {
      method,
      arg,
      request: { service, method, arg, key: callOptions?.key },
      signal: controller.signal,
      deadline: timeout > 0 ? Date.now() + timeout : undefined,
      attemptTimeout: callOptions?.attemptTimeout ?? attemptTimeout,
      metadata: callOptions?.metadata,
      transfer: callOptions?.transfer,
      idempotent: callOptions?.idempotent ?? false,
      fail: callOptions?.fail ?? fail,
      retries: callRetries,
    };
    const promise = run(call).finally(() => {
      if (timer !== undefined) clearTimeout(timer);
      userSignal?.removeEventListener('abort', cancel);
      active.delete(controller);
    });
    return { promise, cancel };
  }

  /**
   * A connected Client of a chosen server, trying others when one cannot be reached. Calls that stay
   * on one connection (notifications now; streams and typed proxies later) delegate to it.
   */
  async function pick(call: LogicalCall): Promise<Client> {
    await waitForDiscovery(ctx, call);
    const tried = new Set<Member>();
    let failure = noServer(ctx).error;
    for (let retry = 0; retry <= call.retries; retry++) {
      const member = choose(ctx, call, tried);
      if (member === undefined) break;
      tried.add(member);
      try {
        return await raceAbort(member.connection(), call.signal);
      } catch (error) {
        failure = RpcError.from(error, 'UNAVAILABLE');
        if (call.signal.aborted) break;
      }
    }
    throw failure;
  }

  const closedError = (): RpcError => new RpcError('CLOSED', `The cluster client of ${service} is closed; create a new one`);

  const client: ClusterClient = {
    service,
    get members() {
      return table.members;
    },
    ready: table.ready,
    get closed() {
      return closed;
    },
    call: <Result>(method: string, arg?: unknown, callOptions?: ClusterCallOptions) => start(method, arg, callOptions, (call) => runCall(ctx, call)).promise as Promise<Result>,
    go<Result>(method: string, arg?: unknown, callOptions?: ClusterCallOptions): Call<Result> {
      const { promise, cancel } = start(method, arg, callOptions, (call) => runCall(ctx, call));
      return new CallHandle<Result>(method, promise, cancel);
    },
    stream<Item>(method: string, arg?: unknown, callOptions?: ClusterCallOptions): RpcStream<Item> {
      if (closed) throw closedError();
      const { key, timeout, signal } = callOptions ?? {};
      const picked = start(method, arg, { key, timeout, signal }, pick).promise as Promise<Client>;
      return new DeferredStream<Item>(picked.then((chosen) => chosen.stream<Item>(method, arg, callOptions)));
    },
    proxy<Service>(name: string): ServiceProxy<Service, ClusterCallOptions> {
      return createProxyWith<Service, ClusterCallOptions>((method, arg, callOptions) => new LazyProxyCall(client, method, arg, callOptions), name);
    },
    notify(method, arg, notifyOptions) {
      if (closed) throw closedError();
      const send = async (call: LogicalCall): Promise<void> => (await pick(call)).notify(method, arg, notifyOptions);
      // A notification has no reply to carry an error: one no server could take is dropped.
      start(method, arg, { key: notifyOptions?.key }, send).promise.catch(() => undefined);
    },
    broadcast: <Result>(method: string, arg?: unknown, callOptions?: CallOptions) =>
      start(method, arg, callOptions, (call) => runBroadcast(ctx, call)).promise as Promise<Array<BroadcastReply<Result>>>,
    fork: <Result>(method: string, arg?: unknown, callOptions?: CallOptions) => start(method, arg, callOptions, (call) => runFork(ctx, call)).promise as Promise<Result>,
    close() {
      if (closed) return;
      closed = true;
      unsubscribe();
      const reason = new RpcError('CLOSED', `The cluster client of ${service} was closed before the reply arrived`);
      for (const controller of active) controller.abort(reason);
      table.closeAll();
    },
  };
  return client;
}

/** A cluster proxy's result: a call when awaited, a stream when iterated, sent at that moment. */
class LazyProxyCall implements PromiseLike<unknown>, AsyncIterable<unknown> {
  constructor(
    private readonly cluster: ClusterClient,
    private readonly method: string,
    private readonly arg: unknown,
    private readonly options: ClusterCallOptions | undefined,
  ) {}

  then<A = unknown, B = never>(onFulfilled?: ((value: unknown) => A | PromiseLike<A>) | null, onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    return this.cluster.call(this.method, this.arg, this.options).then(onFulfilled, onRejected);
  }

  [Symbol.asyncIterator](): RpcStream<unknown> {
    return this.cluster.stream(this.method, this.arg, this.options);
  }
}
