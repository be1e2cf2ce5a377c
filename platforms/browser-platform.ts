import type { Platform } from '../src/index.js';
import { isPortLike, portTransport } from './message-port.js';
import { browserProtocolClients } from './protocol-clients.js';
import { dialWebSocket } from './websocket.js';

/** What `isorpc` offers in any JavaScript runtime: WebSocket and JSON-RPC clients, MessagePort / Worker transports. */
export const browserPlatform: Platform = {
  name: 'browser-safe',
  listeners: {},
  dialers: { ws: dialWebSocket, wss: dialWebSocket },
  clients: browserProtocolClients,
  toTransport: (endpoint) => (isPortLike(endpoint) ? portTransport(endpoint) : undefined),
};
