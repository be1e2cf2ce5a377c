/**
 * `isorpc/rpcx`: a browser-safe rpcx client over WebSocket (`rpcx+ws://`, `rpcx+wss://`). A separate
 * entry so the `isorpc` bundle stays small for apps that do not talk to rpcx; in Node, `isorpc/node`
 * has all of it (TCP too) through `connect('rpcx://…')`.
 */
import { parseAddress, RpcError, type Client, type RpcxClientOptions } from '../../src/internal.js';
import { availableStreamCompression } from '../browser/compression.js';
import { rpcxWebSocketClients } from '../browser/rpcx-clients.js';

export * from './exports-rpcx.js';

const clients = rpcxWebSocketClients(availableStreamCompression);

/**
 * Connects to an rpcx server's WebSocket endpoint, e.g. `rpcx+ws://host:8972/_rpcx_` (the path defaults
 * to `/_rpcx_`). Calls name `ServicePath.ServiceMethod`; the client serves the server's pushes through
 * `handle()`/`register()`.
 */
export async function connectRpcx(address: string, options: RpcxClientOptions = {}): Promise<Client> {
  const parsed = parseAddress(address);
  if (!Object.hasOwn(clients, parsed.scheme)) {
    throw new RpcError('UNAVAILABLE', `connectRpcx("${address}"): use rpcx+ws://host:port/_rpcx_ or rpcx+wss://…; rpcx over TCP (rpcx://) needs Node: import { connect } from 'isorpc/node'`);
  }
  return clients[parsed.scheme]!(parsed, options);
}
