import type { Client, ClientOptions } from '../../calls/client-types.js';
import { RpcError } from '../../errors.js';
import type { Compression } from '../../core/compression.js';
import { resolveOptionsWithoutCodecs } from '../../calls/options.js';
import { Router } from '../../calls/router.js';
import type { Transport } from '../../core/transport.js';
import { RpcxPayloads, serializeTypeOf, type RpcxPayloadCodecs, type RpcxSerializeName } from './payloads.js';
import { RpcxPeer, type RpcxPeerSettings } from './rpcx-peer.js';
import { withOwnHandlers } from '../shared/with-own-handlers.js';

/** Options of an rpcx client (`connect('rpcx://…')`, `connectRpcx()`, `openRpcxClient()`). */
export interface RpcxClientOptions extends ClientOptions {
  /**
   * How arguments travel: `'msgpack'` (rpcx's default), `'json'`, `'raw'`, or `'protobuf'` / `'thrift'`
   * with a codec in `payloadCodecs`. Default: `'json'` when `codec` is `'json'`, else `'msgpack'`.
   * A `Uint8Array` argument always goes raw (serialize type 0).
   */
  serializeType?: RpcxSerializeName;
  /** Codecs for the protobuf and thrift serialize types, which isorpc does not ship. */
  payloadCodecs?: RpcxPayloadCodecs;
  /** WebSocket outside browsers: the handshake's `Origin` header (rpcx requires one). Default `http://host:port` of the server. */
  origin?: string;
}

/** The client end: an RpcxPeer with its own router, which `register`/`handle` fill for the server's pushes. */
class RpcxClientPeer extends withOwnHandlers(RpcxPeer) implements Client {}

/**
 * Opens an rpcx client over an open transport (TCP, or a WebSocket to rpcx's `/_rpcx_`). The `auth`
 * option travels as `__AUTH` metadata with every request, each call's timeout as `__ServerTimeout`;
 * `compression` gzips request payloads from its threshold on when `compression` (the platform's) can.
 */
export async function openRpcxClient(transport: Transport, options: RpcxClientOptions = {}, compression?: Compression): Promise<Client> {
  let credentials: string | undefined;
  let settings: RpcxPeerSettings;
  try {
    const resolved = resolveOptionsWithoutCodecs(options);
    const serializeType = serializeTypeOf(options.serializeType ?? (options.codec === 'json' ? 'json' : 'msgpack'));
    const limits = { maxStringLength: options.maxStringLength ?? resolved.maxFrameSize, maxBinaryLength: options.maxBinaryLength ?? resolved.maxFrameSize };
    credentials = typeof options.auth === 'function' ? await options.auth() : options.auth;
    settings = {
      maxFrameSize: resolved.maxFrameSize,
      maxMetadataSize: resolved.maxMetadataSize,
      timeout: resolved.timeout,
      serializeType,
      payloads: new RpcxPayloads(limits, resolved.maxDepth, options.payloadCodecs),
      compression,
      compressThreshold: resolved.compressionThreshold,
      credentials,
      heartbeatInterval: resolved.heartbeatInterval,
      heartbeatTimeout: resolved.heartbeatTimeout,
    };
  } catch (error) {
    transport.close();
    throw error instanceof TypeError ? error : new RpcError('UNAUTHENTICATED', `The auth function threw: ${(error as Error).message}`, { cause: error });
  }
  return new RpcxClientPeer(transport, new Router(), settings);
}
