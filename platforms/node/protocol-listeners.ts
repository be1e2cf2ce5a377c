import { arpcServerProtocol, gobRpcServerProtocol, goRpcServerProtocol, jsonRpcServerProtocol, rpcxServerProtocol, withRpcxPath, type ListenFunction, type ServerProtocol } from '../../src/internal.js';
import { listenGobHttp } from './gob-http.js';
import { listenHttpGateway } from './http-gateway.js';
import { listenJsonRpcHttp } from './jsonrpc-http.js';
import { listenTcp } from './tcp.js';
import { listenWebSocket } from '../websocket/websocket-server.js';

/** `listen` with every accepted connection served with `protocol` instead of isorpc's. */
function withProtocol(listen: ListenFunction, protocol: ServerProtocol): ListenFunction {
  return (address, context) => listen(address, { ...context, accept: (transport) => context.accept(transport, protocol) });
}

/**
 * Listeners for the other wire protocols, by scheme: JSON-RPC 2.0 on TCP, WebSocket and HTTP, Go's
 * net/rpc JSON codec on TCP, its gob codec on TCP and HTTP, arpc on TCP and WebSocket, rpcx on TCP and
 * WebSocket (`/_rpcx_`), and the HTTP gateway on `http://`.
 */
export const protocolListeners: Readonly<Record<string, ListenFunction>> = {
  'jsonrpc+tcp': withProtocol(listenTcp, jsonRpcServerProtocol),
  'jsonrpc+ws': withProtocol(listenWebSocket, jsonRpcServerProtocol),
  'jsonrpc+http': listenJsonRpcHttp,
  'gorpc+tcp': withProtocol(listenTcp, goRpcServerProtocol),
  'gob+tcp': withProtocol(listenTcp, gobRpcServerProtocol),
  'gob+http': listenGobHttp,
  arpc: withProtocol(listenTcp, arpcServerProtocol),
  'arpc+ws': withProtocol(listenWebSocket, arpcServerProtocol),
  http: listenHttpGateway,
  rpcx: withProtocol(listenTcp, rpcxServerProtocol),
  'rpcx+tcp': withProtocol(listenTcp, rpcxServerProtocol),
  'rpcx+ws': withProtocol((address, context) => listenWebSocket(withRpcxPath(address), context), rpcxServerProtocol),
};
