import { DEFAULT_MAX_DEPTH, DEFAULT_MAX_METADATA_SIZE } from '../../calls/options.js';
import type { ServerProtocol } from '../../calls/server-protocol.js';
import { RpcxPayloads, type RpcxPayloadCodecs } from './payloads.js';
import { RpcxPeer } from './rpcx-peer.js';

/** Options of {@link createRpcxServerProtocol}. */
export interface RpcxServerProtocolOptions {
  /** Codecs for the protobuf and thrift serialize types; without them such requests get `BAD_REQUEST`. */
  payloadCodecs?: RpcxPayloadCodecs;
}

/**
 * rpcx on a connection: each request's `ServicePath.ServiceMethod` is routed to the handler registered
 * under that name and answered in the request's serialize type. The server's `auth` hook sees each
 * new `__AUTH` value, `__ServerTimeout` becomes the handler's deadline, and `ctx.peer.notify()` is
 * rpcx's server push. Replies echo the request's seq, so Go clients may reuse or skip numbers.
 */
export function createRpcxServerProtocol(options: RpcxServerProtocolOptions = {}): ServerProtocol {
  return {
    name: 'rpcx',
    serve: (transport, handlers, serveOptions) =>
      new RpcxPeer(transport, handlers, {
        maxFrameSize: serveOptions.maxFrameSize,
        maxMetadataSize: serveOptions.maxMetadataSize ?? DEFAULT_MAX_METADATA_SIZE,
        timeout: serveOptions.timeout,
        serializeType: undefined,
        payloads: new RpcxPayloads({ maxStringLength: serveOptions.maxFrameSize, maxBinaryLength: serveOptions.maxFrameSize }, serveOptions.maxDepth ?? DEFAULT_MAX_DEPTH, options.payloadCodecs),
        compression: serveOptions.compressor,
        compressThreshold: serveOptions.compressionThreshold ?? Number.POSITIVE_INFINITY,
        authenticate: serveOptions.authenticate,
        heartbeatInterval: 0,
        heartbeatTimeout: 0,
      }),
  };
}

/** rpcx with the built-in serialize types: what `server.listen('rpcx://…')` and `'rpcx+ws://…'` use. */
export const rpcxServerProtocol: ServerProtocol = /* @__PURE__ */ createRpcxServerProtocol();
