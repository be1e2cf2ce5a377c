import type { ParsedAddress } from '../core/address.js';
import type { Caller, ClientOptions } from '../calls/client-types.js';
import type { ServerProtocol } from '../calls/server-protocol.js';
import type { CodecFactory } from '../codec/codecs.js';
import type { Compression } from '../core/compression.js';
import type { TlsOptions } from '../core/tls-options.js';
import type { Transport } from '../core/transport.js';

export type { TlsOptions } from '../core/tls-options.js';

/** A bound server socket. */
export interface Listener {
  /** The bound address in the style it was requested, with the real port. */
  readonly address: string;
  /** Stops accepting; resolves once the socket is closed. */
  close(): Promise<void>;
  /** Stops accepting new connections at once, leaving open ones be (graceful shutdown). */
  stopAccepting?(): void;
}

/** Per-address options of `server.listen(address, options)`. */
export interface ListenOptions {
  /** Certificate and key for `tls://` and `wss://` (required there), and `requestCert` for mutual TLS. */
  tls?: TlsOptions;
  /** WebSocket: the `Origin` headers accepted (e.g. `['https://app.example']`); others get HTTP 403. Default: any. */
  allowedOrigins?: readonly string[];
}

/** What a platform's listen function gets from the server. */
export interface ListenContext {
  /** The server's `maxFrameSize`, for transports that frame or buffer. */
  maxFrameSize: number;
  /** The options given to `listen()` (TLS material, allowed origins). */
  options: ListenOptions;
  /** Hands over each new connection, to be served with `protocol` (default: the isorpc protocol). */
  accept(transport: Transport, protocol?: ServerProtocol): void;
}

/** Binds `address` and hands each new connection to `context.accept`. */
export type ListenFunction = (address: ParsedAddress, context: ListenContext) => Promise<Listener>;

/**
 * Opens a connection to `address`; rejects with `RpcError('UNAVAILABLE')` when it cannot. `origin` is the
 * `Origin` header a WebSocket dialer outside browsers sends (browsers send their own).
 */
export type DialFunction = (address: ParsedAddress, options: { timeout: number; maxFrameSize: number; tls?: TlsOptions; origin?: string }) => Promise<Transport>;

/**
 * Opens a client for a scheme that speaks another protocol than isorpc (e.g. `jsonrpc+tcp`): dials and
 * wraps the transport in that protocol's client in one step. Rejects with an `RpcError` like a dialer.
 */
export type ClientOpener = (address: ParsedAddress, options: ClientOptions) => Promise<Caller>;

/**
 * What one runtime contributes: listeners and dialers by scheme, and a way to wrap a port-like object
 * (MessagePort, Worker) into a transport. `src/` never knows which runtime it runs on; the entry
 * points in `platforms/` pass one of these in.
 */
export interface Platform {
  /** The runtime's name, for messages (`'node'`, `'browser'`). */
  readonly name: string;
  /** Listen functions by scheme (`tcp`, `ws`, …); empty where nothing can listen. */
  readonly listeners: Readonly<Record<string, ListenFunction>>;
  /** Dial functions by scheme. */
  readonly dialers: Readonly<Record<string, DialFunction>>;
  /** Client openers by scheme, consulted by `connect()` before `dialers`; for the non-isorpc protocols. */
  readonly clients?: Readonly<Record<string, ClientOpener>>;
  /** Wraps a port-like endpoint (MessagePort, Worker) as a transport; `undefined` when it is not one. */
  toTransport?(endpoint: unknown): Transport | undefined;
  /**
   * The isorpc protocol its servers speak unless `accept()` is given another: `isorpcServerProtocol`
   * (ports and bytes) or, where servers only meet ports, `isorpcPortServerProtocol` (no byte framing).
   */
  readonly isorpc?: ServerProtocol;
  /** Body compression, when the runtime has it. */
  readonly compression?: Compression;
  /**
   * `createMsgpackCodec`, in platforms that move bytes: the default codec of byte transports and what
   * `codec: 'msgpack'` names. A platform that only serves ports and Workers (structured clone) leaves it
   * out, so its bundles carry no msgpack; a byte transport there needs a `codec` option.
   */
  readonly msgpack?: CodecFactory;
}
