import type { Client, ClientOptions } from '../../calls/client-types.js';
import { DEFAULT_HEARTBEAT_INTERVAL_MS, DEFAULT_HEARTBEAT_TIMEOUT_MS, DEFAULT_MAX_DEPTH, DEFAULT_MAX_FRAME_SIZE, DEFAULT_TIMEOUT_MS, nonNegative } from '../../calls/options.js';
import type { Call } from '../../core/peer-types.js';
import type { ServerProtocol } from '../../calls/server-protocol.js';
import type { Transport } from '../../core/transport.js';
import type { ServiceProxy } from '../../calls/proxy.js';
import { Router } from '../../calls/router.js';
import { ArpcPeer, type ArpcCallOptions, type ArpcPeerSettings } from './arpc-peer.js';
import { checkDecoding, type ArpcBodyDecoding } from './body.js';
import { withOwnHandlers } from '../shared/with-own-handlers.js';

/** Options of an arpc client: {@link ClientOptions} plus how bodies are read. */
export interface ArpcClientOptions extends ClientOptions {
  /** How reply bodies (and the arguments of the server's calls to this client) are read. Default `'auto'`. */
  decode?: ArpcBodyDecoding;
}

/**
 * A client speaking arpc (`arpc://`, `arpc+ws://`): a {@link Client} whose calls may say how their
 * reply is read. arpc has no handshake, so `metadata` and `auth` client options are not sent.
 */
export interface ArpcClient extends Client {
  /** Calls `method` (a route such as `/echo`, or `Service.method`); `options.decode` says how to read the reply. */
  call<Result = unknown>(method: string, arg?: unknown, options?: ArpcCallOptions): Promise<Result>;
  /** Starts a call and returns at once; `call.done` resolves when it settles. */
  go<Result = unknown>(method: string, arg?: unknown, options?: ArpcCallOptions): Call<Result>;
  /** A typed stand-in for the service `name` (Go `Service.Method` routes); its calls take {@link ArpcCallOptions}. */
  proxy<Service>(name: string): ServiceProxy<Service, ArpcCallOptions>;
}

/** The client end: an ArpcPeer with its own router, which `register`/`handle` fill for the server's calls. */
class ArpcClientPeer extends withOwnHandlers(ArpcPeer) implements ArpcClient {}

/** Opens an arpc client over an open transport (TCP or WebSocket); it serves the server's calls too. */
export function openArpcClient(transport: Transport, options: ArpcClientOptions = {}): ArpcClient {
  let settings: ArpcPeerSettings;
  try {
    // Only the options arpc uses are read (not resolvePeerOptions, which would pull in isorpc's codecs).
    settings = {
      maxFrameSize: nonNegative('maxFrameSize', options.maxFrameSize, DEFAULT_MAX_FRAME_SIZE),
      timeout: nonNegative('timeout', options.timeout, DEFAULT_TIMEOUT_MS),
      decode: checkDecoding(options.decode ?? 'auto', 'The decode option'),
      maxDepth: nonNegative('maxDepth', options.maxDepth, DEFAULT_MAX_DEPTH),
      heartbeat: {
        interval: nonNegative('heartbeatInterval', options.heartbeatInterval, DEFAULT_HEARTBEAT_INTERVAL_MS),
        timeout: nonNegative('heartbeatTimeout', options.heartbeatTimeout, DEFAULT_HEARTBEAT_TIMEOUT_MS),
      },
    };
  } catch (error) {
    transport.close();
    throw error;
  }
  return new ArpcClientPeer(transport, new Router(), settings);
}

/** Options of {@link createArpcServerProtocol}. */
export interface ArpcServerOptions {
  /** How request bodies (and the replies to the server's own calls) are read. Default `'auto'`. */
  decode?: ArpcBodyDecoding;
  /** Deepest nesting accepted in a JSON body. Default 64. */
  maxDepth?: number;
}

function arpcProtocol(decode: ArpcBodyDecoding, maxDepth: number): ServerProtocol {
  return {
    name: 'arpc',
    // The server answers Go's pings and never pings first: a Go client sets its own keepalive.
    serve: (transport, handlers, serveOptions) =>
      new ArpcPeer(transport, handlers, { maxFrameSize: serveOptions.maxFrameSize, timeout: serveOptions.timeout, decode, maxDepth, heartbeat: { interval: 0, timeout: 0 } }),
  };
}

/**
 * arpc served on accepted connections: `server.accept(transport, createArpcServerProtocol({ decode: 'bytes' }))`
 * serves a transport you opened with another body decoding; `listen('arpc://…')` uses {@link arpcServerProtocol}.
 */
export function createArpcServerProtocol(options: ArpcServerOptions = {}): ServerProtocol {
  const decode = checkDecoding(options.decode ?? 'auto', 'The decode option');
  return arpcProtocol(decode, nonNegative('maxDepth', options.maxDepth, DEFAULT_MAX_DEPTH));
}

/** arpc with bodies read as `'auto'`: what `server.listen('arpc://…')` and `'arpc+ws://…'` serve. */
export const arpcServerProtocol: ServerProtocol = /* @__PURE__ */ arpcProtocol('auto', DEFAULT_MAX_DEPTH);
