/**
 * What the `<script>` bundles carry (the UMD global `isorpc` and dist/isorpc.browser.mjs): everything
 * in `isorpc` except the cluster client, which would add about 7 KiB gzipped to every page that loads
 * them. In a browser, import the cluster client from `isorpc` through a bundler.
 */
export * from './exports-core.js';
export { createInProcessPair } from '../in-process/in-process.js';
export { isPortLike, portTransport, type EmitterPort, type EventTargetPort, type PortLike } from '../message-port/message-port.js';
export { webSocketTransport, type WebSocketLike } from '../websocket/websocket.js';
export { connect, connectPort, createServer } from './index.js';
