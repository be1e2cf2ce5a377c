/**
 * `isorpc/node`: everything in `isorpc` plus TCP (client and server) and the WebSocket server.
 */
import { connectWith, createClusterClientWith, createServerFor, openClient, type Client, type ClientOptions, type ClusterClient, type ClusterClientOptions, type Server, type ServerOptions } from '../../src/index.js';
import { portTransport, type PortLike } from '../message-port.js';
import { nodePlatform } from './node-platform.js';

export * from '../exports-core.js';
export * from '../exports-cluster.js';
export { createInProcessPair } from '../in-process.js';
export { isPortLike, portTransport, type EmitterPort, type EventTargetPort, type PortLike } from '../message-port.js';
export { webSocketTransport, type WebSocketLike } from '../websocket.js';
export { socketTransport } from './tcp.js';

/** Creates a server that can `listen()` on `tcp://`, `tcp@` and `ws://` addresses and `accept()` ports. */
export function createServer(options?: ServerOptions): Server {
  return createServerFor(nodePlatform, options);
}

/** Connects to `tcp://host:port`, `tcp@host:port`, `ws://host:port/path` or `wss://…`. */
export function connect(address: string, options?: ClientOptions): Promise<Client> {
  return connectWith(nodePlatform, address, options);
}

/** Connects over a worker_threads `Worker`, `parentPort` or `MessagePort`. */
export function connectPort(port: PortLike, options?: ClientOptions): Promise<Client> {
  return openClient(portTransport(port), options);
}

/**
 * Creates a client over every server of `options.service` that `options.discovery` finds: it picks a
 * server per call (`select`), connects on first use and retries elsewhere when one fails (`fail`).
 */
export function createClusterClient(options: ClusterClientOptions): ClusterClient {
  return createClusterClientWith((address, clientOptions) => connectWith(nodePlatform, address, clientOptions), openClient, options);
}
