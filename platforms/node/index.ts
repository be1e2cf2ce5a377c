/**
 * `isorpc/node`: everything in `isorpc` plus TCP (client and server) and the WebSocket server.
 */
import { connectWith, createServerFor, openClient, type Client, type ClientOptions, type ReconnectingClient, type ReconnectOptions, type Server, type ServerOptions } from '../../src/index.js';
import { portTransport, type PortLike } from '../message-port.js';
import { nodePlatform } from './node-platform.js';

export * from '../exports-core.js';
export { createInProcessPair } from '../in-process.js';
export { isPortLike, portTransport, type EmitterPort, type EventTargetPort, type PortLike } from '../message-port.js';
export { webSocketTransport, type WebSocketLike } from '../websocket.js';
export { socketTransport } from './tcp.js';

/** Creates a server that can `listen()` on `tcp://`, `tcp@` and `ws://` addresses and `accept()` ports. */
export function createServer(options?: ServerOptions): Server {
  return createServerFor(nodePlatform, options);
}

/** Connects to `tcp://host:port`, `tcp@host:port`, `ws://host:port/path` or `wss://…`. With `reconnect`, a {@link ReconnectingClient} that heals. */
export function connect(address: string, options: ClientOptions & { reconnect: true | ReconnectOptions }): Promise<ReconnectingClient>;
export function connect(address: string, options?: ClientOptions): Promise<Client>;
export function connect(address: string, options?: ClientOptions): Promise<Client> {
  return connectWith(nodePlatform, address, options);
}

/** Connects over a worker_threads `Worker`, `parentPort` or `MessagePort`. */
export function connectPort(port: PortLike, options?: ClientOptions): Promise<Client> {
  return openClient(portTransport(port), options);
}
