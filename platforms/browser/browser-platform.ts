import type { DialFunction, Platform, Transport } from '../../src/internal.js';
import { availableStreamCompression } from './compression.js';
import { isPortLike, portTransport } from '../message-port/message-port.js';
import { dialWebSocket } from '../websocket/websocket.js';

// Plain object literals (no spreads), so a bundler drops whatever an entry point does not use.
const name = 'browser-safe';
const dialers: Readonly<Record<string, DialFunction>> = { ws: dialWebSocket, wss: dialWebSocket };
const toTransport = (endpoint: unknown): Transport | undefined => (isPortLike(endpoint) ? portTransport(endpoint) : undefined);

/**
 * What `connect()` needs in any JavaScript runtime: the WebSocket dialers and nothing else, so a page
 * that only connects carries no port, server or other-protocol code.
 */
export const browserDialPlatform: Platform = { name, listeners: {}, dialers, compression: availableStreamCompression };

/** What `createServer()` needs in a browser or Worker: no listeners, ports and Workers via `accept()`. */
export const browserServePlatform: Platform = { name, listeners: {}, dialers: {}, toTransport, compression: availableStreamCompression };

/** What `isorpc` offers in any JavaScript runtime: WebSocket clients and MessagePort / Worker transports. */
export const browserPlatform: Platform = { name, listeners: {}, dialers, toTransport, compression: availableStreamCompression };
