/**
 * `isorpc/node`: everything in `isorpc` (whose Node build already listens and dials TCP), plus the
 * Node-only HTTP handlers (gateway, JSON-RPC over HTTP, metrics, admin), the other wire protocols, and
 * the advanced names kept for compatibility (exports-advanced.ts; elsewhere in `isorpc/core`).
 *
 * @module isorpc/node
 */
import { connectWith, createClusterClientWith, createServerFor, openClient, type ArpcClient, type ArpcClientOptions, type Caller, type Client, type ClientOptions, type ClusterClient, type ClusterClientOptions, type JsonRpcBatchCaller, type JsonRpcClient, type RpcxClientOptions, type ReconnectingClient, type ReconnectOptions, type Server, type ServerOptions } from '../../src/internal.js';
import { portTransport, type PortLike } from '../message-port/message-port.js';
import { nodePlatform } from '../node/node-platform.js';

export * from './exports-core.js';
export * from './exports-jsonrpc.js';
export * from './exports-cluster.js';
export * from './exports-metrics.js';
export * from './exports-rpcx.js';
export * from './exports-transports.js';
export * from './exports-advanced.js';
export { isPortLike, type EmitterPort, type EventTargetPort } from '../message-port/message-port.js';
export { socketTransport } from '../node/tcp.js';
export { errorFromGoText, goRpcServerProtocol, httpGatewayProtocol, jsonRpcHttpProtocol, openGoRpcClient } from '../../src/internal.js';
export { ARPC_NOT_FOUND_TEXT, ArpcCmd, arpcServerProtocol, createArpcServerProtocol, decodeArpcFrame, encodeArpcFrame, openArpcClient } from '../../src/internal.js';
export type { ArpcBodyDecoding, ArpcCallOptions, ArpcClient, ArpcClientOptions, ArpcFrame, ArpcFrameInit, ArpcServerOptions } from '../../src/internal.js';
export { gob, GobValue, gobRpcServerProtocol, openGobRpcClient, type GobBasicKind, type GobComplex, type GobField, type GobType } from '../../src/internal.js';
export type { CorsOptions } from '../node/cors.js';
export type { AcceptingServer, HttpHandler } from '../node/http-exchange.js';
export { createHttpGateway, type HttpGatewayOptions } from '../node/http-gateway.js';
export { buildOpenApiDocument, type DescribedMethods, type OpenApiOptions } from '../../src/internal.js';
export { createAdminHandler, listenAdmin, type AdminHandler, type AdminListener, type AdminOptions } from '../admin/admin.js';
export type { AdminCluster, AdminInstance, AdminPeer, AdminSnapshot } from '../admin/admin-service.js';
export { createMetricsHandler, type MetricsHandlerOptions } from '../node/metrics-http.js';
export { createJsonRpcHttpHandler, type JsonRpcHttpHandlerOptions } from '../node/jsonrpc-http.js';

/**
 * Creates a server that can `listen()` on `tcp://`, `tcp@` and `ws://` addresses (isorpc), on
 * `jsonrpc+tcp://`, `jsonrpc+ws://` and `jsonrpc+http://` (JSON-RPC 2.0), `gorpc+tcp://` (Go net/rpc, JSON),
 * `gob+tcp://` and `gob+http://` (Go net/rpc, gob), `arpc://` and `arpc+ws://` (arpc), `rpcx://` and `rpcx+ws://`
 * (rpcx) and `http://` (the HTTP gateway), and `accept()` ports.
 */
export function createServer(options?: ServerOptions): Server {
  return createServerFor(nodePlatform, options);
}

/** Connects to a JSON-RPC 2.0 server over HTTP (`jsonrpc+http://`, `jsonrpc+https://`): calls only, HTTP carries none back. */
export function connect(address: `jsonrpc+http${string}`, options?: ClientOptions): Promise<JsonRpcBatchCaller>;
/** Connects to a Go net/rpc server: `gorpc+tcp://` (JSON codec), `gob+tcp://` or `gob+http://host:port[/path]` (gob); calls only. */
export function connect(address: `gorpc+${string}` | `gob+${string}`, options?: ClientOptions): Promise<Caller>;
/** Connects to a JSON-RPC 2.0 server: `jsonrpc+tcp://`, `jsonrpc+ws://`, `jsonrpc+wss://`, `jsonrpc+http://` or `jsonrpc+https://`. */
export function connect(address: `jsonrpc+${string}`, options?: ClientOptions): Promise<JsonRpcClient>;
/** Connects to an arpc server: `arpc://host:port` (TCP), `arpc+ws://host:port/path` or `arpc+wss://…`. */
export function connect(address: `arpc://${string}` | `arpc+${string}`, options?: ArpcClientOptions): Promise<ArpcClient>;
/** Connects to an rpcx server: `rpcx://host:port`, `rpcx@host:port`, `rpcx+ws://host:port/_rpcx_` or `rpcx+wss://…`. */
export function connect(address: `rpcx${string}`, options?: RpcxClientOptions): Promise<Client>;
/** Connects to `tcp://`, `tcp@`, `tls://`, `ws://` or `wss://` addresses. With `reconnect`, a {@link ReconnectingClient} that heals. */
export function connect(address: string, options: ClientOptions & { reconnect: true | ReconnectOptions }): Promise<ReconnectingClient>;
/** Connects to `tcp://host:port`, `tcp@host:port`, `tls://host:port`, `ws://host:port/path` or `wss://…`. */
export function connect(address: string, options?: ClientOptions): Promise<Client>;
export function connect(address: string, options?: ClientOptions): Promise<Caller> {
  return connectWith(nodePlatform, address, options);
}

/** Connects over a worker_threads `Worker`, `parentPort` or `MessagePort`. */
export function connectPort(port: PortLike, options?: ClientOptions): Promise<Client> {
  return openClient(portTransport(port), options);
}

/**
 * Creates a client over every server of `options.service` that `options.discovery` finds: it picks a
 * server per call (`select`), connects on first use and retries elsewhere when one fails (`fail`).
 */
export function createClusterClient(options: ClusterClientOptions): ClusterClient {
  return createClusterClientWith((address, clientOptions) => connectWith(nodePlatform, address, clientOptions), openClient, options);
}
