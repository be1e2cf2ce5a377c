/**
 * `isorpc`: the browser-safe entry. Core, WebSocket client (`ws://`, `wss://`) and MessagePort / Worker
 * transports; no Node built-ins. JSON-RPC 2.0 clients are in `isorpc/jsonrpc`; TCP and listening
 * sockets in `isorpc/node`.
 *
 * @module isorpc
 */
import { connectWith, createClusterClientWith, createServerFor, openClient, type Client, type ClientOptions, type ClusterClient, type ClusterClientOptions, type ReconnectingClient, type ReconnectOptions, type Server, type ServerOptions } from '../../src/internal.js';
import { browserPlatform } from '../browser/browser-platform.js';
import { portTransport, type PortLike } from '../message-port/message-port.js';

export * from './exports-core.js';
export * from './exports-cluster.js';
export * from './exports-metrics.js';
export { createInProcessPair } from '../in-process/in-process.js';
export { isPortLike, portTransport, type EmitterPort, type EventTargetPort, type PortLike } from '../message-port/message-port.js';
export { webSocketTransport, type WebSocketLike } from '../websocket/websocket.js';

/** Creates a server. In this entry it serves ports and transports via `accept()`; `listen()` needs `isorpc/node`. */
export function createServer(options?: ServerOptions): Server {
  return createServerFor(browserPlatform, options);
}

/** Connects to `ws://host:port/path` or `wss://…` and resolves once the handshake is done. With `reconnect`, a {@link ReconnectingClient} that heals. */
export function connect(address: string, options: ClientOptions & { reconnect: true | ReconnectOptions }): Promise<ReconnectingClient>;
export function connect(address: string, options?: ClientOptions): Promise<Client>;
export function connect(address: string, options?: ClientOptions): Promise<Client> {
  return connectWith(browserPlatform, address, options);
}

/** Connects over a MessagePort, a Worker, a worker's `self`, or a worker_threads port. */
export function connectPort(port: PortLike, options?: ClientOptions): Promise<Client> {
  return openClient(portTransport(port), options);
}

/**
 * Creates a client over every server of `options.service` that `options.discovery` finds: it picks a
 * server per call (`select`), connects on first use and retries elsewhere when one fails (`fail`).
 */
export function createClusterClient(options: ClusterClientOptions): ClusterClient {
  return createClusterClientWith((address, clientOptions) => connectWith(browserPlatform, address, clientOptions), openClient, options);
}
