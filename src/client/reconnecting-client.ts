import { goWithSignal } from '../calls/call-handle.js';
import { CloseLatch } from '../core/close-latch.js';
import type { ReconnectingClient, ReconnectingClientEvents, ReconnectOptions } from '../calls/client-types.js';
import type { Connection } from '../isorpc/connection.js';
import { nextPeerId } from '../core/peer-id.js';
import { isRpcError, RpcError } from '../errors.js';
import { Emitter } from '../core/events.js';
import { runChain, type ClientMiddleware, type OutgoingCall } from '../calls/middleware.js';
import type { Call, CallOptions, NotifyOptions } from '../core/peer-types.js';
import type { Metadata } from '../core/peer-types.js';
import { PeerRoot, withCallerKit, withHandlers } from '../calls/peer-kit.js';
import { unstartable } from '../calls/pending-calls.js';
import { Router } from '../calls/router.js';
import { DeferredStream } from '../calls/streams/deferred-stream.js';
import type { RpcStream } from '../calls/streams/stream-receiver.js';

export type { ReconnectOptions, ReconnectingClient, ReconnectingClientEvents } from '../calls/client-types.js';

interface Waiter {
  resolve(connection: Connection): void;
  reject(error: RpcError): void;
}

/** @internal Settings resolved by `connect()`. */
export interface ReconnectSettings {
  reconnect: ReconnectOptions;
  failFast: boolean;
  /** The default call timeout. */
  timeout: number;
}

const FOR_GOOD = new Set(['UNAUTHENTICATED', 'PROTOCOL']);

/** @internal */
export class ReconnectingClientImpl extends /* @__PURE__ */ withCallerKit(/* @__PURE__ */ withHandlers(PeerRoot)) implements ReconnectingClient {
  readonly id = nextPeerId();
  readonly data: Record<string, unknown> = {};
  readonly auth: unknown = undefined;
  private readonly router = new Router();
  private readonly middleware: ClientMiddleware[] = [];
  private readonly events = new Emitter<ReconnectingClientEvents>();
  private readonly waiters = new Set<Waiter>();
  private readonly latch = new CloseLatch();
  private current: Connection | undefined;
  private looping = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly dial: (router: Router) => Promise<Connection>,
    private readonly settings: ReconnectSettings,
  ) {
    super();
  }

  /** Connects for the first time, retrying by the policy; rejects once it gives up. */
  async start(): Promise<void> {
    const connected = new Promise<Connection>((resolve, reject) => this.waiters.add({ resolve, reject }));
    void this.loop(false);
    await connected;
  }

  get connected(): boolean {
    return this.usable(this.current);
  }

  get closed(): boolean {
    return this.latch.closed;
  }

  get remoteAddress(): string | undefined {
    return this.current?.remoteAddress;
  }

  get remoteMetadata(): Readonly<Metadata> {
    return this.current?.remoteMetadata ?? {};
  }

  get pendingCalls(): number {
    return (this.current?.pendingCalls ?? 0) + this.waiters.size;
  }

  on<E extends keyof ReconnectingClientEvents>(event: E, listener: (...args: ReconnectingClientEvents[E]) => void): () => void {
    return this.events.on(event, listener);
  }

  call<Result = unknown>(method: string, arg?: unknown, options?: CallOptions): Promise<Result> {
    if (this.middleware.length === 0) return this.send(method, arg, options) as Promise<Result>;
    const call: OutgoingCall = { method, arg, options: { ...options }, peer: this };
    return runChain(this.middleware, call, () => this.send(call.method, call.arg, call.options)) as Promise<Result>;
  }

  go<Result = unknown>(method: string, arg?: unknown, options?: CallOptions): Call<Result> {
    return goWithSignal<Result>((m, a, o) => this.call(m, a, o), method, arg, options);
  }

  stream<Item = unknown>(method: string, arg?: unknown, options?: CallOptions): RpcStream<Item> {
    if (this.usable(this.current)) return this.current.stream<Item>(method, arg, options);
    const connection = this.connection(options?.timeout ?? this.settings.timeout, options?.signal, method);
    return new DeferredStream<Item>(connection.then((c) => c.stream<Item>(method, arg, options)));
  }

  notify(method: string, arg?: unknown, options?: NotifyOptions): void {
    if (!this.usable(this.current)) throw this.notConnected(method);
    this.current.notify(method, arg, options);
  }

  async ping(options?: { timeout?: number }): Promise<number> {
    const connection = await this.connection(options?.timeout ?? this.settings.timeout, undefined, 'ping');
    return connection.ping(options);
  }

  ownHandlers(): Router {
    return this.router;
  }

  clientMiddleware(): ClientMiddleware[] {
    return this.middleware;
  }

  close(): void {
    this.shutdown(new RpcError('CLOSED', 'The client was closed locally (close() was called)'));
  }

  onClose(listener: (reason: RpcError) => void): () => void {
    return this.latch.onClose(listener);
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────

  private usable(connection: Connection | undefined): connection is Connection {
    return connection !== undefined && !connection.closed && !connection.draining;
  }

  private async send(method: string, arg: unknown, options: CallOptions | undefined): Promise<unknown> {
    const started = Date.now();
    const timeout = options?.timeout ?? this.settings.timeout;
    const connection = this.usable(this.current) ? this.current : await this.connection(timeout, options?.signal, method);
    // Time spent waiting for the connection counts against the call's timeout.
    const left = timeout > 0 ? Math.max(1, timeout - (Date.now() - started)) : timeout;
    try {
      return await connection.call(method, arg, left === timeout ? options : { ...options, timeout: left });
    } catch (error) {
      // A call cut off by the lost connection is never re-sent: it fails with UNAVAILABLE.
      if (isRpcError(error) && error.code === 'CLOSED' && !this.latch.closed) {
        throw new RpcError('UNAVAILABLE', `The connection was lost before ${method} was answered (${error.message}); the call was not re-sent`, { cause: error });
      }
      throw error;
    }
  }

  /** The usable connection, or the next one: within `timeout` ms, unless the signal aborts or waiting is off. */
  private connection(timeout: number, signal: AbortSignal | undefined, method: string): Promise<Connection> {
    if (this.usable(this.current)) return Promise.resolve(this.current);
    if (this.latch.closed) return Promise.reject(this.closedError());
    if (this.settings.failFast) return Promise.reject(this.notConnected(method));
    const refused = unstartable(method, { signal, timeout }, timeout);
    if (refused !== undefined) return Promise.reject(refused);
    return new Promise<Connection>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = (): void => settle(new RpcError('CANCELLED', `The call to ${method} was cancelled while waiting for a connection`));
      const settle = (error: RpcError | undefined, connection?: Connection): void => {
        this.waiters.delete(waiter);
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (error !== undefined) reject(error);
        else resolve(connection!);
      };
      const waiter: Waiter = { resolve: (connection) => settle(undefined, connection), reject: (error) => settle(error) };
      this.waiters.add(waiter);
      if (timeout > 0) {
        timer = setTimeout(() => settle(new RpcError('TIMEOUT', `No connection for ${method} within ${timeout} ms (reconnecting); raise the timeout or check the server`)), timeout);
        (timer as { unref?: () => void }).unref?.();
      }
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private notConnected(method: string): RpcError {
    if (this.latch.closed) return this.closedError();
    return new RpcError('UNAVAILABLE', `Not connected (reconnecting), so ${method} was not sent; retry shortly or use whileReconnecting: 'wait'`);
  }

  private closedError(): RpcError {
    return this.latch.closedError('The client');
  }

  /** Dials until a connection is up, the policy gives up or the client is closed. */
  private async loop(delayFirst: boolean): Promise<void> {
    if (this.looping || this.latch.closed) return;
    this.looping = true;
    const { maxAttempts = 0 } = this.settings.reconnect;
    let reason = new RpcError('UNAVAILABLE', 'The connection was lost');
    try {
      for (let attempt = 1; !this.latch.closed; attempt++) {
        if (delayFirst || attempt > 1) {
          const delay = this.delay(attempt);
          this.events.emit('reconnecting', { attempt, delay, reason });
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, delay);
            this.wake = () => (clearTimeout(timer), resolve());
          });
          this.wake = undefined;
          if (this.latch.closed) return;
        }
        this.events.emit('connecting', { attempt });
        try {
          const connection = await this.dial(this.router);
          if (this.latch.closed) return connection.close();
          return this.adopt(connection);
        } catch (error) {
          reason = RpcError.from(error, 'UNAVAILABLE');
          if (FOR_GOOD.has(reason.code) || (maxAttempts > 0 && attempt >= maxAttempts)) return this.shutdown(reason);
        }
      }
    } finally {
      this.looping = false;
    }
  }

  private delay(attempt: number): number {
    const { initialDelay = 100, maxDelay = 10_000, factor = 2, jitter = 0.5 } = this.settings.reconnect;
    const base = Math.min(maxDelay, initialDelay * factor ** (attempt - 1));
    return Math.round(base * (1 - Math.min(1, Math.max(0, jitter)) * Math.random()));
  }

  private adopt(connection: Connection): void {
    this.current = connection;
    this.events.emit('connected', connection);
    for (const waiter of [...this.waiters]) waiter.resolve(connection);
    // A draining server: new calls go to the next connection while this one finishes its calls.
    connection.onDrain(() => {
      if (this.current !== connection) return;
      this.current = undefined;
      void this.loop(false);
    });
    connection.onClose((reason) => {
      if (this.current !== connection) return;
      this.current = undefined;
      if (this.latch.closed) return;
      this.events.emit('disconnected', reason);
      void this.loop(true);
    });
  }

  private shutdown(reason: RpcError): void {
    const closed = this.latch.close(reason, () => {
      this.wake?.();
      const error = this.closedError();
      for (const waiter of [...this.waiters]) waiter.reject(error);
      this.current?.close();
      this.current = undefined;
    });
    if (closed) this.events.emit('closed', reason);
  }
}
