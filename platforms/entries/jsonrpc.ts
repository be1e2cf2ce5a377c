/**
 * `isorpc/jsonrpc`: everything in `isorpc`, plus JSON-RPC 2.0 clients over WebSocket and HTTP (fetch),
 * browser-safe. A separate entry so that the `isorpc` browser bundle stays small for apps that only
 * speak isorpc; in Node, `isorpc/node` has all of it.
 *
 * @module isorpc/jsonrpc
 */
import { connectWith, type Caller, type Client, type ClientOptions, type JsonRpcBatchCaller, type JsonRpcClient, type Platform } from '../../src/internal.js';
import { browserPlatform } from '../browser/browser-platform.js';
import { browserProtocolClients } from '../browser/protocol-clients.js';

export * from './index.js';
export * from './exports-jsonrpc.js';

const jsonRpcPlatform: Platform = { ...browserPlatform, clients: browserProtocolClients };

/** Connects to a JSON-RPC 2.0 server over HTTP (`jsonrpc+http://`, `jsonrpc+https://`): calls only, HTTP carries none back. */
export function connect(address: `jsonrpc+http${string}`, options?: ClientOptions): Promise<JsonRpcBatchCaller>;
/** Connects to a JSON-RPC 2.0 server: `jsonrpc+ws://…`, `jsonrpc+wss://…`, `jsonrpc+http://…` or `jsonrpc+https://…`. */
export function connect(address: `jsonrpc+${string}`, options?: ClientOptions): Promise<JsonRpcClient>;
/** Connects to `ws://host:port/path` or `wss://…` (isorpc) and resolves once the handshake is done. */
export function connect(address: string, options?: ClientOptions): Promise<Client>;
export function connect(address: string, options?: ClientOptions): Promise<Caller> {
  return connectWith(jsonRpcPlatform, address, options);
}
