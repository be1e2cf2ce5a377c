// The core names every entry point re-exports: errors and the types a user names in their own code.
// Constants, codecs and wire internals are in `isorpc/core` (and kept in `isorpc/node`: exports-advanced.ts).
export { ERROR_CODES, RpcError, isErrorCode, isRpcError } from '../../src/internal.js';
export type {
  AuthHook,
  AuthorizeHook,
  Call,
  CallContext,
  CallOptions,
  Client,
  ClientMiddleware,
  ClientOptions,
  CloseOptions,
  Codec,
  CodecOption,
  ErrorCode,
  Handler,
  ListenOptions,
  Metadata,
  NotifyOptions,
  OutgoingCall,
  Peer,
  PeerOptions,
  Plugin,
  ProxyMethod,
  RateLimit,
  RateLimitOptions,
  ReconnectOptions,
  ReconnectingClient,
  ReconnectingClientEvents,
  RpcErrorOptions,
  RpcStream,
  Server,
  ServerCallContext,
  ServerMiddleware,
  ServerOptions,
  ServiceProxy,
  TlsOptions,
  Transport,
} from '../../src/internal.js';
// Schemas (Standard Schema: zod, valibot, arktype) for handle() and register(); the rest of the
// schema vocabulary is in isorpc/core.
export type { MethodSchemas, StandardSchema } from '../../src/internal.js';
