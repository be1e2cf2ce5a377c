import type { Platform } from '../../src/internal.js';
import { availableStreamCompression } from './compression.js';
import { isPortLike, portTransport } from '../message-port/message-port.js';
import { dialWebSocket } from '../websocket/websocket.js';

/** What `isorpc` offers in any JavaScript runtime: WebSocket clients and MessagePort / Worker transports. */
export const browserPlatform: Platform = {
  name: 'browser-safe',
  listeners: {},
  dialers: { ws: dialWebSocket, wss: dialWebSocket },
  toTransport: (endpoint) => (isPortLike(endpoint) ? portTransport(endpoint) : undefined),
  compression: availableStreamCompression,
};
