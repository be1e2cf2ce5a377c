import { createMsgpackCodec, isorpcPortServerProtocol, type DialFunction, type Platform, type Transport } from '../../src/internal.js';
import { availableStreamCompression } from './compression.js';
import { isPortLike, portTransport } from '../message-port/message-port.js';
import { dialWebSocket } from '../websocket/websocket.js';

// Plain object literals (no spreads), so a bundler drops whatever an entry point does not use.
const name = 'browser-safe';
const dialers: Readonly<Record<string, DialFunction>> = { ws: dialWebSocket, wss: dialWebSocket };
const toTransport = (endpoint: unknown): Transport | undefined => (isPortLike(endpoint) ? portTransport(endpoint) : undefined);

/**
 * What `connect()` needs in any JavaScript runtime: the WebSocket dialers and msgpack (their default
 * codec) and nothing else, so a page that only connects carries no port, server or other-protocol code.
 */
export const browserDialPlatform: Platform = { name, listeners: {}, dialers, compression: availableStreamCompression, msgpack: createMsgpackCodec };

/**
 * What `createServer()` needs in a browser or Worker: no listeners, ports and Workers via `accept()`.
 * Ports post structured-clone values, so a Worker server carries neither msgpack nor byte framing nor
 * compression (a byte transport takes `accept(transport, isorpcServerProtocol)` and a `codec` option).
 */
export const browserServePlatform: Platform = { name, listeners: {}, dialers: {}, toTransport, isorpc: isorpcPortServerProtocol };

/** What `isorpc` offers in any JavaScript runtime: WebSocket clients, MessagePort / Worker transports, msgpack. */
export const browserPlatform: Platform = { name, listeners: {}, dialers, toTransport, compression: availableStreamCompression, msgpack: createMsgpackCodec };
