import { parseAddress } from '../core/address.js';
import { Connection } from '../isorpc/connection.js';
import type { Compression } from '../core/compression.js';
import type { TlsOptions } from '../core/platform.js';
import { ReconnectingClientImpl, type ReconnectingClient, type ReconnectOptions } from './reconnecting-client.js';
import { RpcError } from '../errors.js';
import type { ClientMiddleware } from '../calls/middleware.js';
import { resolvePeerOptions, type PeerOptions } from '../core/options.js';
import type { Peer } from '../core/peer-types.js';
import type { Metadata } from '../isorpc/frame.js';
import { createProxy, type ServiceProxy } from '../calls/proxy.js';
import type { Platform } from '../core/platform.js';
import { Router, type Handler } from '../calls/router.js';
import type { Transport } from '../core/transport.js';

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

/** A connection you opened. It can serve calls from the server too (`register`, `handle`). */
export interface Client extends Peer {
  /** Exposes `impl`'s methods as `name.method` to the other side. */
  register(name: string, impl: object): this;
  /** Exposes one handler to the other side. */
  handle<Arg = unknown, Result = unknown>(method: string, handler: Handler<Arg, Result>): this;
  /** Adds middleware around every call this client makes (onion style; see {@link ClientMiddleware}). */
  use(middleware: ClientMiddleware): this;
  /**
   * A typed stand-in for the service `name`, typed from its implementation:
   * `client.proxy<typeof arith>('Arith').multiply({ a: 7, b: 8 })` is a `Promise<number>`.
   */
  proxy<Service>(name: string): ServiceProxy<Service>;
}

class ClientConnection extends Connection implements Client {
  register(name: string, impl: object): this {
    this.router.register(name, impl);
    return this;
  }

  handle<Arg = unknown, Result = unknown>(method: string, handler: Handler<Arg, Result>): this {
    this.router.handle(method, handler as Handler);
    return this;
  }

  use(middleware: ClientMiddleware): this {
    if (typeof middleware !== 'function') throw new TypeError('use(fn): fn must be a function (call, next) => Promise<reply>');
    this.outgoing.middleware.push(middleware);
    return this;
  }

  proxy<Service>(name: string): ServiceProxy<Service> {
    return createProxy<Service>(this, name);
  }
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** Runs the handshake over an open transport and resolves with the client. */
export async function openClient(transport: Transport, options: ClientOptions = {}): Promise<Client> {
  return openWith(transport, options, new Router());
}

async function openWith(transport: Transport, options: ClientOptions, router: Router, compressor?: Compression): Promise<ClientConnection> {
  const resolved = resolvePeerOptions({ handshakeTimeout: options.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT_MS, ...options });
  resolved.compressor = compressor;
  let auth: string | undefined;
  try {
    auth = typeof options.auth === 'function' ? await options.auth() : options.auth;
  } catch (error) {
    transport.close();
    throw new RpcError('UNAUTHENTICATED', `The auth function threw: ${(error as Error).message}`, { cause: error });
  }
  const client = new ClientConnection(transport, 'dialer', router, resolved, { metadata: options.metadata, auth });
  await client.ready;
  return client;
}

/**
 * Dials `address` with the platform's dialer for its scheme, then runs the handshake. With the
 * `reconnect` option it resolves with a {@link ReconnectingClient} once the first connection is up.
 */
export function connectWith(platform: Platform, address: string, options: ClientOptions & { reconnect: true | ReconnectOptions }): Promise<ReconnectingClient>;
export function connectWith(platform: Platform, address: string, options?: ClientOptions): Promise<Client>;
export async function connectWith(platform: Platform, address: string, options: ClientOptions = {}): Promise<Client> {
  const parsed = parseAddress(address);
  const clients = platform.clients ?? {};
  // Own keys only: a scheme such as `constructor://` must not reach Object.prototype.
  if (Object.hasOwn(clients, parsed.scheme)) return clients[parsed.scheme]!(parsed, options);
  const dial = Object.hasOwn(platform.dialers, parsed.scheme) ? platform.dialers[parsed.scheme] : undefined;
  if (dial === undefined) {
    const known = [...Object.keys(platform.dialers), ...Object.keys(clients)].join(', ');
    throw new RpcError('UNAVAILABLE', `Cannot connect to "${address}": the ${platform.name} build has no "${parsed.scheme}" transport (it has: ${known}). TCP and TLS need Node, where 'isorpc' resolves to its Node build`);
  }
  const resolved = resolvePeerOptions(options);
  const once = async (router: Router): Promise<ClientConnection> => {
    const transport = await dial(parsed, { timeout: options.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT_MS, maxFrameSize: resolved.maxFrameSize, tls: options.tls });
    return openWith(transport, options, router, platform.compression);
  };
  if (options.reconnect === undefined || options.reconnect === false) return once(new Router());
  const client = new ReconnectingClientImpl(once, {
    reconnect: options.reconnect === true ? {} : options.reconnect,
    failFast: options.whileReconnecting === 'fail',
    timeout: resolved.timeout,
  });
  await client.start();
  return client;
}
