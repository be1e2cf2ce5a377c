/**
 * `isorpc/core`: the platform-independent core, for bringing your own transport and for the advanced
 * names `isorpc` leaves out (wire constants, codecs, framing, the other protocols' server sides, the
 * cluster's building blocks, metrics helpers). Platforms import `./internal.js`, which also carries
 * the injectors (`createServerFor`, `connectWith`, …) and HTTP helpers that are not public API.
 *
 * @module isorpc/core
 */
export { ERROR_CODES, RpcError, isErrorCode, isRpcError, type ErrorCode, type RpcErrorOptions } from './internal.js';
export type { AuthHook, AuthorizeHook, CallContext, ClientMiddleware, Handler, OutgoingCall, Plugin, ProxyMethod, RateLimit, RateLimitOptions, ServerCallContext, ServerMiddleware, ServiceProxy } from './internal.js';
export type { Call, CallOptions, Caller, Client, ClientOptions, CloseOptions, ListenOptions, NotifyOptions, Peer, PeerOptions, ReconnectOptions, ReconnectingClient, ReconnectingClientEvents, Server, ServerOptions, TlsOptions } from './internal.js';
export { isAsyncIterable, openClient, type RpcStream } from './internal.js';
export { isTransport, type Transport, type TransportKind, type TransportSink } from './internal.js';
export { formatAddress, parseAddress, type ParsedAddress } from './internal.js';
export {
  DEFAULT_HANDSHAKE_TIMEOUT_MS,
  DEFAULT_HEARTBEAT_INTERVAL_MS,
  DEFAULT_HEARTBEAT_TIMEOUT_MS,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_FRAME_SIZE,
  DEFAULT_MAX_IN_FLIGHT_CALLS,
  DEFAULT_MAX_METADATA_SIZE,
  DEFAULT_STREAM_WINDOW,
  DEFAULT_TIMEOUT_MS,
} from './internal.js';
export { CodecId, createJsonCodec, createMsgpackCodec, resolveCodec, type Codec, type CodecLimits, type CodecOption } from './internal.js';
export { FrameFlag, FrameType, HEADER_BYTES, MAGIC, PROTOCOL_VERSION, isorpcProtocol, isorpcServerProtocol, type ErrorBody, type Frame, type HelloBody, type Metadata } from './internal.js';
export { LENGTH_PREFIX_BYTES, createHeaderFrameDecoder, createJsonValueSplitter, createLengthPrefixDecoder, type FrameHeaderSpec, type JsonValueSplitter, type SplitValue, type StreamDecoder } from './internal.js';
export type { HandlerLookup, ServeOptions, ServerProtocol } from './internal.js';
export { JSONRPC_VERSION, JsonRpcErrorCode, MAX_BATCH_LENGTH, fromJsonRpcError, openJsonRpcClient, toJsonRpcError, type JsonRpcErrorObject, type JsonRpcId, type JsonRpcRequest, type JsonRpcResponse } from './internal.js';
export { createJsonRpcHttpClient, jsonRpcHttpProtocol, jsonRpcServerProtocol, type BatchEntry, type BatchResult, type JsonRpcClient, type JsonRpcExchange, type JsonRpcHttpClientOptions } from './internal.js';
export { errorFromGoText, goRpcServerProtocol, httpGatewayProtocol, openGoRpcClient, type GoRequest, type GoResponse } from './internal.js';
export type { ClusterCallOptions, ClusterClient, ClusterClientOptions, ClusterConnect, ClusterNotifyOptions, BroadcastReply } from './internal.js';
export { fixedDiscovery, listDiscovery, type Discovery, type DiscoveryListener, type InstanceInput, type ListDiscovery, type ServiceInstance } from './internal.js';
export { registerServer, servicesOf, type InProcessRegistry, type RegisterServerOptions, type Registry, type RegistryEntry, type RegistryRecord, type ServerRegistration } from './internal.js';
export { formatServiceMetadata, isActive, locationOf, parseServiceMetadata, weightOf, type GeoLocation, type ServiceMetadata } from './internal.js';
export { FAIL_MODES, isRetryable, isServerFailure, type AttemptFailure, type FailMode } from './internal.js';
export { createCircuitBreaker, type CircuitBreaker, type CircuitBreakerOptions, type CircuitState } from './internal.js';
export { DEFAULT_BACKOFF, backoffCap, backoffDelay, type BackoffOptions } from './internal.js';
export type { ClusterMember, RandomSource, SelectMode, SelectRequest, Selector, SelectorFunction } from './internal.js';
export { SELECT_MODES, closestSelector, consistentHashSelector, distanceKm, leastPendingSelector, peakEwmaSelector, randomSelector, roundRobinSelector, weightedRoundRobinSelector, type ConsistentHashOptions } from './internal.js';
export { LATENCY_BUCKETS_SECONDS, Histogram, quantile, type HistogramSnapshot } from './internal.js';
export { createMetrics, type LatencySnapshot, type MethodMetrics, type Metrics, type MetricsOptions, type MetricsSnapshot, type ServerMetrics } from './internal.js';
export { PROMETHEUS_CONTENT_TYPE, formatPrometheus } from './internal.js';
export { REFLECTION_SERVICE, enableReflection, reflect, type ReflectedMethod, type ReflectedService, type ReflectionList, type ReflectionOptions } from './internal.js';
export type { MethodSchemas, StandardSchema, RegisterOptions, SchemaHandler, SchemaInput, SchemaOutput, SchemaService, ServesMethods, ServerExtension, ServiceSchemas, StandardIssue, ValidationIssue, Compression, DialFunction, JsonSchema, JsonSchemaConverter, PromClientRegistry, RegistryDiscovery, CompressionFormat, ResolvedPeerOptions, ServedPeer, StandardJsonSchemaConverter, StandardResult } from './internal.js';
