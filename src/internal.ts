/**
 * isorpc core: everything that does not depend on a runtime. Applications import `isorpc`
 * (browser-safe: adds WebSocket and MessagePort) or `isorpc/node` (adds TCP and the WebSocket server).
 */
export { ERROR_CODES, RpcError, isErrorCode, isRpcError, type ErrorCode, type RpcErrorOptions } from './errors.js';
export type { CallContext, ServerCallContext } from './calls/call-context.js';
export type { Call, CallOptions, NotifyOptions, Peer } from './core/peer-types.js';
export type { ClientMiddleware, OutgoingCall, ServerMiddleware } from './calls/middleware.js';
export type { Plugin } from './core/plugin.js';
export type { ProxyMethod, ServiceProxy } from './calls/proxy.js';
export { isAsyncIterable, type RpcStream } from './calls/streams/stream-receiver.js';
export type { Handler } from './calls/router.js';
export { isStandardSchema, type AnyHandler, type MethodSchemas, type RegisterOptions, type SchemaHandler, type SchemaInput, type SchemaOutput, type SchemaService, type ServesMethods, type ServiceSchemas, type StandardIssue, type StandardJsonSchemaConverter, type StandardResult, type StandardSchema } from './calls/schema.js';
export { toValidationIssues, type ValidationIssue } from './calls/validation.js';
export { DEFAULT_MAX_CONNECTIONS, createServerFor, type CloseOptions, type Server, type ServerExtension, type ServerOptions } from './server/server.js';
export { connectWith, openClient, openPortClient, type Caller, type Client, type ClientOptions } from './client/client.js';
export type { ReconnectOptions, ReconnectingClient, ReconnectingClientEvents } from './client/reconnecting-client.js';
export type { AuthHook, AuthorizeHook } from './calls/auth.js';
export type { RateLimit, RateLimitOptions } from './calls/rate-limit.js';
export { DEFLATE_RAW, bombError, corruptError, type Compression, type CompressionFormat } from './core/compression.js';
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
  type ResolvedPeerOptions,
} from './calls/options.js';
export { CloseLatch } from './core/close-latch.js';
export { isTransport, type Transport, type TransportKind, type TransportSink } from './core/transport.js';
export type { DialFunction, ListenContext, ListenFunction, ListenOptions, Listener, Platform, TlsOptions } from './client/platform.js';
export { formatAddress, parseAddress, type ParsedAddress } from './core/address.js';
export { CodecId, type Codec, type CodecLimits } from './codec/codec.js';
export type { CodecFactory, CodecOption } from './codec/codecs.js';
export { resolveCodec } from './codec/resolve-codec.js';
export { createMsgpackCodec } from './codec/msgpack-codec.js';
export { createFastMsgpackCodec } from './codec/fast-msgpack-codec.js';
export { createJsonCodec } from './codec/json-codec.js';
export { FrameFlag, FrameType, type ErrorBody, type Frame, type HelloBody, type Metadata } from './isorpc/frame.js';
export { HEADER_BYTES, MAGIC, PROTOCOL_VERSION, isorpcProtocol } from './isorpc/isorpc-protocol.js';
export { isorpcPortServerProtocol, isorpcServerProtocol } from './isorpc/isorpc-server-protocol.js';
export { LENGTH_PREFIX_BYTES, createLengthPrefixDecoder, type StreamDecoder } from './framing/length-prefix-decoder.js';
export { createHeaderFrameDecoder, type FrameHeaderSpec } from './framing/header-frame-decoder.js';
export { transportScheme } from './core/address.js';
export type { ClientOpener } from './client/platform.js';
export type { HandlerLookup, ServeOptions, ServedPeer, ServerProtocol } from './calls/server-protocol.js';
export { createJsonValueSplitter, type JsonValueSplitter, type SplitValue } from './framing/json-value-splitter.js';
export { ERROR_CODE_HEADER, METADATA_HEADER_PREFIX, TIMEOUT_HEADER, callHeaders, readCallHeaders } from './protocols/shared/http-headers.js';
export { JSONRPC_VERSION, JsonRpcErrorCode, errorResponseText, type JsonRpcErrorObject, type JsonRpcId, type JsonRpcRequest, type JsonRpcResponse } from './protocols/jsonrpc/messages.js';
export { fromJsonRpcError, toJsonRpcError } from './protocols/jsonrpc/error-mapping.js';
export type { BatchEntry, BatchResult, JsonRpcBatchCaller, JsonRpcClient } from './protocols/jsonrpc/client-types.js';
export { MAX_BATCH_LENGTH, openJsonRpcClient, type JsonRpcExchange } from './protocols/jsonrpc/json-rpc-peer.js';
export { createJsonRpcHttpClient, type JsonRpcHttpClientOptions } from './protocols/jsonrpc/json-rpc-http-client.js';
export { jsonRpcHttpProtocol, jsonRpcServerProtocol } from './protocols/jsonrpc/server-protocols.js';
export type { GoRequest, GoResponse } from './protocols/gorpc/messages.js';
export { errorFromGoText, goNotFoundText } from './protocols/shared/go-errors.js';
export { goRpcServerProtocol } from './protocols/gorpc/go-rpc-server-peer.js';
export { openGoRpcClient } from './protocols/gorpc/go-rpc-client.js';
export { ARPC_FLAG_ASYNC, ARPC_FLAG_ERROR, ARPC_HEADER_SIZE, ARPC_MAX_METHOD_BYTES, ArpcCmd, arpcFrameSpec, decodeArpcFrame, encodeArpcFrame, type ArpcFrame, type ArpcFrameInit } from './protocols/arpc/frame.js';
export { decodeArpcBody, encodeArpcBody, type ArpcBodyDecoding } from './protocols/arpc/body.js';
export { ARPC_NOT_FOUND_TEXT, type ArpcCallOptions } from './protocols/arpc/arpc-peer.js';
export { arpcServerProtocol, createArpcServerProtocol, openArpcClient, type ArpcClient, type ArpcClientOptions, type ArpcServerOptions } from './protocols/arpc/arpc-client.js';
export { gob, GobValue, type GobBasicKind, type GobComplex, type GobField, type GobType } from './protocols/gob/gob-types.js';
export { gobRpcServerProtocol } from './protocols/gob/gob-rpc-server-peer.js';
export { openGobRpcClient } from './protocols/gob/gob-rpc-client.js';
export { CONNECTED_STATUS, DEFAULT_GOB_DEBUG_PATH, DEFAULT_GOB_RPC_PATH } from './protocols/gob/rpc-messages.js';
export { STATUS_BY_CODE, type GatewayReply, type GatewayRequest } from './protocols/http-gateway/gateway-messages.js';
export { httpGatewayProtocol } from './protocols/http-gateway/gateway-peer.js';
export { buildOpenApiDocument, checkOpenApiOptions, type DescribedMethods, type OpenApiOptions } from './protocols/http-gateway/openapi.js';
export { jsonSchemaOf, type JsonSchema, type JsonSchemaConverter } from './calls/json-schema.js';
export { createClusterClientWith, type ClusterCallOptions, type ClusterClient, type ClusterClientOptions, type ClusterConnect, type ClusterNotifyOptions } from './cluster/cluster-client.js';
export { fixedDiscovery, listDiscovery, type Discovery, type DiscoveryListener, type InstanceInput, type ListDiscovery, type ServiceInstance } from './cluster/discovery.js';
export { createInProcessRegistryWith, type InProcessRegistry, type TransportPairFactory } from './cluster/in-process-registry.js';
export { registerServer, servicesOf, type RegisterServerOptions, type Registry, type RegistryEntry, type RegistryRecord, type ServerRegistration } from './cluster/registration.js';
export { ServiceSet } from './cluster/service-set.js';
export { createWatchedDiscovery, type RegistryDiscovery, type ServiceWatch } from './cluster/watched-discovery.js';
export { createRetryLoop, toError, type RetryLoop, type RetryLoopOptions } from './cluster/retry-loop.js';
export { DEFAULT_BASE_PATH, servicePrefix } from './cluster/registry-layout.js';
export { WantedEntries, type EntryStore } from './cluster/registry-entries.js';
export { bounded } from './cluster/bounded.js';
export { formatServiceMetadata, isActive, locationOf, parseServiceMetadata, weightOf, type GeoLocation, type ServiceMetadata } from './cluster/service-metadata.js';
export { FAIL_MODES, isRetryable, isServerFailure, type AttemptFailure, type FailMode } from './cluster/fail-modes.js';
export { createCircuitBreaker, type CircuitBreaker, type CircuitBreakerOptions, type CircuitState } from './cluster/circuit-breaker.js';
export { DEFAULT_BACKOFF, backoffCap, backoffDelay, type BackoffOptions } from './cluster/backoff.js';
export type { BroadcastReply } from './cluster/fan-out.js';
export type { ClusterMember, RandomSource, SelectMode, SelectRequest, Selector, SelectorFunction } from './cluster/selectors/selector.js';
export { SELECT_MODES } from './cluster/selectors/resolve-selector.js';
export { randomSelector } from './cluster/selectors/random.js';
export { roundRobinSelector } from './cluster/selectors/round-robin.js';
export { weightedRoundRobinSelector } from './cluster/selectors/weighted-round-robin.js';
export { consistentHashSelector, type ConsistentHashOptions } from './cluster/selectors/consistent-hash.js';
export { leastPendingSelector } from './cluster/selectors/least-pending.js';
export { peakEwmaSelector } from './cluster/selectors/peak-ewma.js';
export { closestSelector, distanceKm } from './cluster/selectors/closest.js';
export { LATENCY_BUCKETS_SECONDS, Histogram, quantile, type HistogramSnapshot } from './ops/metrics/histogram.js';
export { createMetrics, type LatencySnapshot, type MethodMetrics, type Metrics, type MetricsOptions, type MetricsSnapshot, type ServerMetrics } from './ops/metrics/metrics.js';
export { PROMETHEUS_CONTENT_TYPE, formatPrometheus } from './ops/metrics/prometheus.js';
export { FAMILY_NAMES, metricFamily, type FamilyName, type MetricFamily, type MetricSample } from './ops/metrics/families.js';
export type { PromClientCollector, PromClientMetricValue, PromClientRegistry } from './ops/metrics/prom-client.js';
export { REFLECTION_SERVICE, enableReflection, reflect, type ReflectedMethod, type ReflectedService, type ReflectionList, type ReflectionOptions } from './ops/reflection.js';
export { RPCX_HEADER_BYTES, RPCX_MAGIC, RpcxCompressType, RpcxSerializeType, decodeRpcxMessage, encodeRpcxMessage, rpcxFrameSpec, type RpcxMessage } from './protocols/rpcx/message.js';
export { ISORPC_CODE_KEY, RPCX_AUTH_KEY, RPCX_ERROR_KEY, RPCX_TIMEOUT_KEY } from './protocols/rpcx/rpcx-errors.js';
export type { RpcxPayloadCodec, RpcxPayloadCodecs, RpcxSerializeName } from './protocols/rpcx/payloads.js';
export { openRpcxClient, type RpcxClientOptions } from './protocols/rpcx/rpcx-client.js';
export { createRpcxServerProtocol, rpcxServerProtocol, type RpcxServerProtocolOptions } from './protocols/rpcx/server-protocol.js';
export { RPCX_WEBSOCKET_PATH, defaultOrigin, withRpcxPath } from './protocols/rpcx/rpcx-address.js';
