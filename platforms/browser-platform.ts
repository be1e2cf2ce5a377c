import type { Platform } from '../src/index.js';
import { availableStreamCompression } from './browser-compression.js';
import { isPortLike, portTransport } from './message-port.js';
import { dialWebSocket } from './websocket.js';

/** What `isorpc` offers in any JavaScript runtime: WebSocket clients and MessagePort / Worker transports. */
export const browserPlatform: Platform = {
  name: 'browser-safe',
  listeners: {},
  dialers: { ws: dialWebSocket, wss: dialWebSocket },
  toTransport: (endpoint) => (isPortLike(endpoint) ? portTransport(endpoint) : undefined),
  compression: availableStreamCompression,
};
