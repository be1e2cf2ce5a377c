/**
 * `isorpc` for browsers, Workers and any runtime that is not Node (the `browser` and `default`
 * conditions): WebSocket clients (`ws://`, `wss://`), MessagePort / Worker transports, servers that
 * `accept()` ports, the cluster client, metrics. Node gets index-node.ts from the same specifier.
 * Each function pulls in only what it uses, so a bundle that only calls `connect` carries no server.
 *
 * @module isorpc
 */
import { connectWith, createClusterClientWith, createServerFor, openClient, openPortClient, type Client, type ClientOptions, type ClusterClient, type ClusterClientOptions, type ReconnectingClient, type ReconnectOptions, type Server, type ServerOptions } from '../../src/internal.js';
import { browserDialPlatform, browserServePlatform } from '../browser/browser-platform.js';
import { portTransport, type PortLike } from '../message-port/message-port.js';

export * from './exports-core.js';
export * from './exports-cluster.js';
export * from './exports-metrics.js';
export * from './exports-transports.js';

/**
 * Creates a server. In this build it serves ports and transports via `accept()`; `listen()` needs Node.
 * It carries no msgpack (ports post structured-clone values): a byte transport needs `{ codec }`.
 */
export function createServer(options?: ServerOptions): Server {
  return createServerFor(browserServePlatform, options);
}

/** Connects to `ws://host:port/path` or `wss://…` and resolves once the handshake is done. With `reconnect`, a {@link ReconnectingClient} that heals. */
export function connect(address: string, options: ClientOptions & { reconnect: true | ReconnectOptions }): Promise<ReconnectingClient>;
/** Connects to `ws://host:port/path` or `wss://…` and resolves once the handshake is done. */
export function connect(address: string, options?: ClientOptions): Promise<Client>;
export function connect(address: string, options?: ClientOptions): Promise<Client> {
  return connectWith(browserDialPlatform, address, options);
}

/** Connects over a MessagePort, a Worker, a worker's `self`, or a worker_threads port (structured clone: no codec, no byte framing). */
export function connectPort(port: PortLike, options?: ClientOptions): Promise<Client> {
  return openPortClient(portTransport(port), options);
}

/**
 * Creates a client over every server of `options.service` that `options.discovery` finds: it picks a
 * server per call (`select`), connects on first use and retries elsewhere when one fails (`fail`).
 */
export function createClusterClient(options: ClusterClientOptions): ClusterClient {
  return createClusterClientWith((address, clientOptions) => connectWith(browserDialPlatform, address, clientOptions), openClient, options);
}
