import type { RpcError } from '../errors.js';

/** String key/value pairs sent with a call and its reply (like HTTP headers or rpcx metadata). */
export type Metadata = Record<string, string>;

/** A stream of items from the other side: iterate it with `for await`. */
export interface RpcStream<T> extends AsyncIterableIterator<T> {
  /** Ends iteration early (what `break` in `for await` calls); the other side stops producing. */
  return(): Promise<IteratorResult<T>>;
  /** Stops the stream: the other side is told to stop producing; iteration ends. */
  cancel(): void;
}

/** Options of one call. */
export interface CallOptions {
  /** Milliseconds to wait for the reply; `0` waits forever. Default: the client's `timeout` (30 000). */
  timeout?: number;
  /** Aborting it cancels the call: the caller gets `CANCELLED` and the handler's `ctx.signal` fires. */
  signal?: AbortSignal;
  /** Sent with the request; the handler reads it as `ctx.metadata`. */
  metadata?: Metadata;
  /** Transferables moved rather than copied on MessagePort / worker transports; ignored elsewhere. */
  transfer?: readonly object[];
  /** Receives the reply's metadata (set by the handler with `ctx.setResponseMetadata`). */
  onMetadata?: (metadata: Metadata) => void;
}

/** Options of a one-way notification. */
export interface NotifyOptions {
  /** String pairs the handler reads as `ctx.metadata`. */
  metadata?: Metadata;
  /** Transferables to move rather than copy (MessagePort transports only). */
  transfer?: readonly object[];
}

/** An asynchronous call started with `go()`, like Go's `*rpc.Call`. */
export interface Call<Result = unknown> {
  /** The method called. */
  readonly method: string;
  /** Resolves (never rejects) with this call once it has a reply or an error. */
  readonly done: Promise<Call<Result>>;
  /** The reply, once `done` has resolved without error. */
  readonly reply: Result | undefined;
  /** The error, once `done` has resolved with one. */
  readonly error: RpcError | undefined;
  /** Cancels the call (no-op once settled); `error` becomes a `CANCELLED` RpcError. */
  cancel(): void;
}

/** One end of a connection. Clients are peers; a server has one peer per connected client. */
export interface Peer {
  /** Unique within this process. */
  readonly id: number;
  /** The other end's address, when the transport knows it (e.g. `'127.0.0.1:53122'`). */
  readonly remoteAddress: string | undefined;
  /** True once the connection is closed; calls then reject with `CLOSED`. */
  readonly closed: boolean;
  /** Free-form data your code attaches to the connection (e.g. the user id after auth). */
  readonly data: Record<string, unknown>;
  /** Outgoing calls waiting for a reply. */
  readonly pendingCalls: number;
  /** Server side: what the server's auth hook returned for this peer; `undefined` without one. */
  readonly auth: unknown;
  /** The metadata the other side sent in its handshake (a client's `metadata` option). */
  readonly remoteMetadata: Readonly<Metadata>;
  /** Calls `method` on the other end and resolves with its reply. */
  call<Result = unknown>(method: string, arg?: unknown, options?: CallOptions): Promise<Result>;
  /** Starts a call and returns at once; `call.done` resolves when it settles. */
  go<Result = unknown>(method: string, arg?: unknown, options?: CallOptions): Call<Result>;
  /**
   * Calls a method whose handler returns an AsyncIterable, and iterates its items. Pass an
   * AsyncIterable as `arg` to stream the argument too. Without a `timeout` option the default timeout
   * applies only until the first item arrives, so long-lived streams are not cut off.
   */
  stream<Item = unknown>(method: string, arg?: unknown, options?: CallOptions): RpcStream<Item>;
  /** Sends a one-way message: no reply, no delivery guarantee beyond the transport's own. */
  notify(method: string, arg?: unknown, options?: NotifyOptions): void;
  /** Sends a ping and resolves with the round-trip time in milliseconds. */
  ping(options?: { timeout?: number }): Promise<number>;
  /** Closes the connection; every pending call rejects at once with `CLOSED`. */
  close(): void;
  /** Runs `listener` once when the connection closes, with the reason. Returns an unsubscribe function. */
  onClose(listener: (reason: RpcError) => void): () => void;
}
