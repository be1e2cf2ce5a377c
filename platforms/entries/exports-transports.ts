// The transports every full entry point re-exports, for `server.accept()` and `openClient()`.
export { createInProcessPair } from '../in-process/in-process.js';
export { portTransport, type PortLike } from '../message-port/message-port.js';
export { webSocketTransport, type WebSocketLike } from '../websocket/websocket.js';
