import type { ServerProtocol } from '../../calls/server-protocol.js';
import { JsonRpcPeer } from './json-rpc-peer.js';

/**
 * JSON-RPC 2.0 on a connection: newline-delimited JSON on TCP, one text message per request or batch
 * on a WebSocket. `server.listen('jsonrpc+tcp://…')` and `'jsonrpc+ws://…'` use it; pass it to
 * `server.accept(transport, jsonRpcServerProtocol)` to serve a transport you opened yourself.
 */
export const jsonRpcServerProtocol: ServerProtocol = {
  name: 'jsonrpc',
  serve: (transport, router, options) => new JsonRpcPeer(transport, router, { maxFrameSize: options.maxFrameSize, timeout: options.timeout, exchange: false }),
};

/**
 * JSON-RPC 2.0 over one HTTP exchange: the transport delivers one `JsonRpcExchange` (the POST body
 * with metadata and timeout from the headers) and gets one reply, `''` when the body held only
 * notifications. The HTTP handler in `isorpc/node` uses it.
 */
export const jsonRpcHttpProtocol: ServerProtocol = {
  name: 'jsonrpc+http',
  serve: (transport, router, options) => new JsonRpcPeer(transport, router, { maxFrameSize: options.maxFrameSize, timeout: options.timeout, exchange: true }),
};
