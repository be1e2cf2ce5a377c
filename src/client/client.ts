import { parseAddress } from '../core/address.js';
import { createByteFrameIo } from '../isorpc/byte-frame-io.js';
import { Connection } from '../isorpc/connection.js';
import type { FrameIoFactories } from '../isorpc/frame-io.js';
import { createValueFrameIo } from '../isorpc/value-frame-io.js';
import type { Caller, Client, ClientOptions, ReconnectingClient, ReconnectOptions } from '../calls/client-types.js';
import { ReconnectingClientImpl } from './reconnecting-client.js';
import { RpcError } from '../errors.js';
import type { ClientMiddleware } from '../calls/middleware.js';
import { resolveOptionsWithoutCodecs, resolvePeerOptions, type PeerOptions, type ResolvedPeerOptions } from '../calls/options.js';
import { createMsgpackCodec } from '../codec/msgpack-codec.js';
import { withCallerKit, withHandlers } from '../calls/peer-kit.js';
import type { Platform } from './platform.js';
import { Router } from '../calls/router.js';
import type { Transport } from '../core/transport.js';

export type { Caller, Client, ClientOptions } from '../calls/client-types.js';

class ClientConnection extends /* @__PURE__ */ withCallerKit(/* @__PURE__ */ withHandlers(Connection)) implements Client {
  /** A client's own handlers: the router it was opened with. */
  declare protected readonly router: Router;

  ownHandlers(): Router {
    return this.router;
  }

  clientMiddleware(): ClientMiddleware[] {
    return this.outgoing.middleware;
  }
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * What opening a client takes: the frame I/O for the transports it may meet, how its options resolve
 * (with the codecs of byte transports, msgpack from the platform, or none for a port), and the
 * platform's compression.
 */
interface ClientWire extends Pick<Platform, 'compression'> {
  frames: FrameIoFactories;
  resolve(options: PeerOptions): ResolvedPeerOptions;
}

const anyTransport: FrameIoFactories = { value: createValueFrameIo, bytes: createByteFrameIo };
const withMsgpack = (msgpack: Platform['msgpack']) => (options: PeerOptions) => resolvePeerOptions(options, msgpack);

/**
 * Runs the handshake over an open transport of any kind and resolves with the client. Byte
 * transports use msgpack unless `options.codec` says otherwise.
 */
export async function openClient(transport: Transport, options: ClientOptions = {}): Promise<Client> {
  return openWith(transport, options, new Router(), { resolve: withMsgpack(createMsgpackCodec), frames: anyTransport });
}

/**
 * Runs the handshake over a port's `'value'` transport (MessagePort, Worker, in-process): no codec, no
 * byte framing, so `connectPort()` of the browser build carries neither. A byte transport is refused
 * with `RpcError('UNAVAILABLE')`; {@link openClient} takes any kind.
 */
export async function openPortClient(transport: Transport, options: ClientOptions = {}): Promise<Client> {
  return openWith(transport, options, new Router(), { resolve: resolveOptionsWithoutCodecs, frames: { value: createValueFrameIo } });
}

async function openWith(transport: Transport, options: ClientOptions, router: Router, wire: ClientWire): Promise<ClientConnection> {
  const resolved = wire.resolve({ handshakeTimeout: options.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT_MS, ...options });
  resolved.compressor = wire.compression;
  router.plugins = resolved.plugins;
  let auth: string | undefined;
  try {
    auth = typeof options.auth === 'function' ? await options.auth() : options.auth;
  } catch (error) {
    transport.close();
    throw new RpcError('UNAUTHENTICATED', `The auth function threw: ${(error as Error).message}`, { cause: error });
  }
  const client = new ClientConnection(transport, 'dialer', router, resolved, wire.frames, { metadata: options.metadata, auth });
  await client.ready;
  return client;
}

/**
 * Dials `address` with the platform's dialer for its scheme, then runs the handshake. With the
 * `reconnect` option it resolves with a {@link ReconnectingClient} once the first connection is up.
 */
export function connectWith(platform: Platform, address: string, options: ClientOptions & { reconnect: true | ReconnectOptions }): Promise<ReconnectingClient>;
export function connectWith(platform: Platform, address: string, options?: ClientOptions): Promise<Client>;
export async function connectWith(platform: Platform, address: string, options: ClientOptions = {}): Promise<Caller> {
  const parsed = parseAddress(address);
  const clients = platform.clients ?? {};
  // Own keys only: a scheme such as `constructor://` must not reach Object.prototype.
  if (Object.hasOwn(clients, parsed.scheme)) return clients[parsed.scheme]!(parsed, options);
  const dial = Object.hasOwn(platform.dialers, parsed.scheme) ? platform.dialers[parsed.scheme] : undefined;
  if (dial === undefined) {
    const known = [...Object.keys(platform.dialers), ...Object.keys(clients)].join(', ');
    throw new RpcError('UNAVAILABLE', `Cannot connect to "${address}": the ${platform.name} build has no "${parsed.scheme}" transport (it has: ${known}). TCP and TLS need Node, where 'isorpc' resolves to its Node build`);
  }
  const resolved = resolveOptionsWithoutCodecs(options);
  const once = async (router: Router): Promise<ClientConnection> => {
    const transport = await dial(parsed, { timeout: options.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT_MS, maxFrameSize: resolved.maxFrameSize, tls: options.tls });
    // Dialers open network connections: byte transports only.
    return openWith(transport, options, router, { resolve: withMsgpack(platform.msgpack), compression: platform.compression, frames: { bytes: createByteFrameIo } });
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
