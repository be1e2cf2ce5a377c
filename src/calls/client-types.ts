// The public types of the client layer, apart from the code, so the platform seam and the
// reconnecting client can name them without importing the client (no import cycles).
import type { ClientMiddleware } from './middleware.js';
import type { ServiceProxy } from './proxy.js';
import type { ServesMethods } from './schema.js';
import type { PeerOptions } from './options.js';
import type { Peer } from '../core/peer-types.js';
import type { TlsOptions } from '../core/tls-options.js';
import type { RpcError } from '../errors.js';
import type { Metadata } from '../core/peer-types.js';

/** Options of `connect()` and `connectPort()`. */
export interface ClientOptions extends PeerOptions {
  /** Time allowed to open the connection and finish the handshake, in ms. Default 10 000. */
  connectTimeout?: number;
  /** Sent once in the handshake; the server reads it as `peer.remoteMetadata` (e.g. in its connect event). */
  metadata?: Metadata;
  /** Credentials for the server's auth hook, sent in the handshake; a function is called at each (re)connect. */
  auth?: string | (() => string | Promise<string>);
  /** `tls://` and `wss://` (Node): the CA to trust, and a client certificate and key for mutual TLS. */
  tls?: TlsOptions;
  /**
   * Reconnect when the connection is lost or the server drains: exponential backoff with jitter.
   * `connect()` then resolves with a {@link ReconnectingClient}. Default: off.
   */
  reconnect?: boolean | ReconnectOptions;
  /** While reconnecting, calls `'wait'` for the new connection (within their timeout, default) or `'fail'` fast with `UNAVAILABLE`. */
  whileReconnecting?: 'wait' | 'fail';
}

/**
 * A connection that only calls: its protocol gives the server no way to call back (Go's net/rpc,
 * JSON-RPC over HTTP), so it has no `register`/`handle`.
 */
export interface Caller extends Peer {
  /** Adds middleware around every call this client makes (onion style; see {@link ClientMiddleware}). */
  use(middleware: ClientMiddleware): this;
  /**
   * A typed stand-in for the service `name`, typed from its implementation:
   * `client.proxy<typeof arith>('Arith').multiply({ a: 7, b: 8 })` is a `Promise<number>`.
   */
  proxy<Service>(name: string): ServiceProxy<Service>;
}

/** A connection you opened. It can serve calls from the server too (`register`, `handle`). */
export interface Client extends Caller, ServesMethods {}

/** The backoff of a reconnecting client. Delays grow `initialDelay · factor^(attempt−1)` up to `maxDelay`. */
export interface ReconnectOptions {
  /** Delay before the first retry, in ms. Default 100. */
  initialDelay?: number;
  /** Longest delay between attempts, in ms. Default 10 000. */
  maxDelay?: number;
  /** Growth per attempt. Default 2. */
  factor?: number;
  /** Fraction of each delay that is random (0 … 1), so clients do not reconnect in lockstep. Default 0.5. */
  jitter?: number;
  /** Give up (the client closes with the last error) after this many failed attempts in a row; `0` never. Default 0. */
  maxAttempts?: number;
}

/** The events of a {@link ReconnectingClient}, with their arguments. */
export type ReconnectingClientEvents = {
  /** An attempt to connect starts (1 for the first attempt after each loss). */
  connecting: [
    info: {
      /** 1, 2, … since the connection was lost. */
      attempt: number;
    },
  ];
  /** A connection is up (handshake done): `peer` is the new underlying connection. */
  connected: [peer: Peer];
  /** The connection was lost; in-flight calls failed with `UNAVAILABLE`. */
  disconnected: [reason: RpcError];
  /** The next attempt starts after `delay` ms; `reason` is why the last one failed. */
  reconnecting: [
    info: {
      /** The attempt that failed. */
      attempt: number;
      /** Milliseconds until the next one. */
      delay: number;
      /** Why it failed. */
      reason: RpcError;
    },
  ];
  /** For good: `close()` was called, attempts ran out, or the server refused the credentials. */
  closed: [reason: RpcError];
};

/**
 * A client that heals: it reconnects with backoff when the connection is lost or the server drains,
 * and re-serves its handlers on each new connection. Calls made while it reconnects wait for the next
 * connection within their timeout (or fail fast, by option); calls in flight when the connection is
 * lost fail with `UNAVAILABLE` and are never re-sent.
 */
export interface ReconnectingClient extends Client {
  /** True while a connection is up and not draining. */
  readonly connected: boolean;
  /** Adds a listener for one of the {@link ReconnectingClientEvents}; returns a function that removes it. */
  on<E extends keyof ReconnectingClientEvents>(event: E, listener: (...args: ReconnectingClientEvents[E]) => void): () => void;
}
