import { createFastMsgpackCodec, isorpcServerProtocol, type Platform } from '../../src/internal.js';
import { browserPlatform } from '../browser/browser-platform.js';
import { dialWebSocket } from '../websocket/websocket.js';
import { nodeProtocolClients } from './protocol-clients.js';
import { protocolListeners } from './protocol-listeners.js';
import { nodeCompression } from './compression.js';
import { dialTcp, listenTcp } from './tcp.js';
import { dialTls, listenTls } from './tls.js';
import { listenSecureWebSocket, listenWebSocket } from '../websocket/websocket-server.js';

/** Everything isorpc offers in Node: TCP and WebSocket, both ways, the other wire protocols, worker_threads ports. */
export const nodePlatform: Platform = {
  name: 'node',
  listeners: { tcp: listenTcp, tls: listenTls, ws: listenWebSocket, wss: listenSecureWebSocket, ...protocolListeners },
  dialers: { tcp: dialTcp, tls: dialTls, ws: dialWebSocket, wss: dialWebSocket },
  clients: nodeProtocolClients,
  toTransport: browserPlatform.toTransport,
  isorpc: isorpcServerProtocol,
  compression: nodeCompression,
  msgpack: createFastMsgpackCodec,
};
