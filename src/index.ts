/**
 * isorpc core: everything that does not depend on a runtime. Applications import `isorpc`
 * (browser-safe: adds WebSocket and MessagePort) or `isorpc/node` (adds TCP and the WebSocket server).
 */
export { ERROR_CODES, RpcError, isErrorCode, isRpcError, type ErrorCode, type RpcErrorOptions } from './errors.js';
export type { CallContext } from './call-context.js';
export type { Call, CallOptions, NotifyOptions, Peer } from './peer-types.js';
export type { ClientMiddleware, OutgoingCall, ServerCallContext, ServerMiddleware } from './middleware.js';
export type { Plugin } from './plugin.js';
export type { ProxyMethod, ServiceProxy } from './proxy.js';
export { isAsyncIterable, type RpcStream } from './streams/stream-receiver.js';
export type { Handler } from './router.js';
export { DEFAULT_MAX_CONNECTIONS, createServerFor, type CloseOptions, type Server, type ServerOptions } from './server.js';
export { connectWith, openClient, type Client, type ClientOptions } from './client.js';
export type { ReconnectOptions, ReconnectingClient, ReconnectingClientEvents } from './reconnecting-client.js';
export type { AuthHook, AuthorizeHook } from './auth.js';
export type { RateLimit, RateLimitOptions } from './rate-limit.js';
export { DEFLATE_RAW, bombError, corruptError, type Compression } from './compression.js';
export {
  DEFAULT_HANDSHAKE_TIMEOUT_MS,
  DEFAULT_HEARTBEAT_INTERVAL_MS,
  DEFAULT_HEARTBEAT_TIMEOUT_MS,
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_FRAME_SIZE,
  DEFAULT_MAX_IN_FLIGHT_CALLS,
  DEFAULT_MAX_METADATA_SIZE,
  DEFAULT_STREAM_WINDOW,
  DEFAULT_TIMEOUT_MS,
  type PeerOptions,
} from './options.js';
export { isTransport, type Transport, type TransportKind, type TransportSink } from './transport.js';
export type { DialFunction, ListenContext, ListenFunction, ListenOptions, Listener, Platform, TlsOptions } from './platform.js';
export { formatAddress, parseAddress, type ParsedAddress } from './address.js';
export { CodecId, type Codec, type CodecLimits } from './codec/codec.js';
export { resolveCodec, type CodecOption } from './codec/codecs.js';
export { createMsgpackCodec } from './codec/msgpack-codec.js';
export { createJsonCodec } from './codec/json-codec.js';
export { FrameFlag, FrameType, type ErrorBody, type Frame, type HelloBody, type Metadata } from './protocol/frame.js';
export { HEADER_BYTES, MAGIC, PROTOCOL_VERSION, isorpcProtocol } from './protocol/isorpc-protocol.js';
export { LENGTH_PREFIX_BYTES, createLengthPrefixDecoder, type StreamDecoder } from './protocol/length-prefix-decoder.js';
export type { WireProtocol } from './protocol/wire-protocol.js';
