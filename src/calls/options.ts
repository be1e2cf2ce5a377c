import type { RpcError } from '../errors.js';
import type { Codec } from '../codec/codec.js';
import { codecTable, pickCodec, type CodecFactory, type CodecOption } from '../codec/codecs.js';
import type { Peer } from '../core/peer-types.js';
import type { Plugin } from '../core/plugin.js';
import type { Limiter } from './rate-limit.js';
import type { Compression } from '../core/compression.js';

/** Options shared by clients and servers. Defaults are listed in docs/guide/errors.md ("Limits and defaults"). */
export interface PeerOptions {
  /**
   * Codec for the calls this side makes over byte transports (TCP, WebSocket): `'msgpack'` (default),
   * `'json'` or a custom {@link Codec}. MessagePort, Worker and in-process connections post
   * structured-clone values and use none. `'msgpack'` is in every build that moves bytes (Node,
   * `connect()`, `openClient()`); the browser `createServer()` leaves it out (pass `'json'` or
   * `createMsgpackCodec()` there to serve a byte transport).
   */
  codec?: CodecOption;
  /** Extra custom codecs this side can decode (JSON always can be, and msgpack where the build has it). */
  codecs?: readonly Codec[];
  /** Default per-call timeout in ms; `0` disables. Default 30 000. */
  timeout?: number;
  /** Largest frame accepted or sent, in bytes. Default 16 MiB. */
  maxFrameSize?: number;
  /** Time allowed for the opening handshake, in ms. Default 10 000. */
  handshakeTimeout?: number;
  /** Include handler stack traces in `REMOTE` errors sent to callers. Default false. */
  exposeStack?: boolean;
  /** Items a stream may run ahead of its consumer (credit-based flow control). Default 64. */
  streamWindow?: number;
  /** Connection-level hooks (logging, metrics, auth). */
  plugins?: readonly Plugin[];
  /** A Ping is sent after this many ms without hearing from the peer; `0` disables the heartbeat. Default 15 000. */
  heartbeatInterval?: number;
  /** The connection is closed (`UNAVAILABLE`) when nothing at all arrived for this many ms. Default 30 000. */
  heartbeatTimeout?: number;
  /** Closes the connection after this many ms without calls in either direction; `0` (default) never. */
  idleTimeout?: number;
  /** Most calls from the peer served at once; more are answered `RESOURCE_EXHAUSTED`. Default 10 000. */
  maxInFlightCalls?: number;
  /** Largest metadata block of one frame, in bytes; over it the connection closes (`FRAME_TOO_LARGE`). Default 64 KiB. */
  maxMetadataSize?: number;
  /** Deepest nesting of arrays and objects in a decoded (msgpack/JSON) body; deeper is `BAD_REQUEST`. Default 64. */
  maxDepth?: number;
  /** Longest decoded string, in bytes. Default: `maxFrameSize`. */
  maxStringLength?: number;
  /** Longest decoded binary value, in bytes. Default: `maxFrameSize`. */
  maxBinaryLength?: number;
  /**
   * Compress bodies of at least `threshold` bytes (default 1024) with deflate-raw when the peer can
   * inflate them (announced in the handshake). Node compresses; browsers only decompress. Default off.
   */
  compression?:
    | boolean
    | {
        /** Smallest body, in bytes, worth compressing (default 1024). */
        threshold?: number;
      };
}

/** Default call timeout in ms (`timeout`). */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Default largest frame in bytes (`maxFrameSize`): 16 MiB. */
export const DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024;
/** Default time in ms to connect and finish the handshake (`connectTimeout`, `handshakeTimeout`). */
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 10_000;
/** Default stream items in flight ahead of the consumer (`streamWindow`). */
export const DEFAULT_STREAM_WINDOW = 64;
/** Default silence in ms before a Ping goes out (`heartbeatInterval`). */
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 15_000;
/** Default silence in ms after which a peer is closed as gone (`heartbeatTimeout`). */
export const DEFAULT_HEARTBEAT_TIMEOUT_MS = 30_000;
/** Default calls served at once per connection (`maxInFlightCalls`). */
export const DEFAULT_MAX_IN_FLIGHT_CALLS = 10_000;
/** Default largest metadata per frame in bytes (`maxMetadataSize`): 64 KiB. */
export const DEFAULT_MAX_METADATA_SIZE = 64 * 1024;
/** Default deepest nesting of arrays and objects in a decoded body (`maxDepth`). */
export const DEFAULT_MAX_DEPTH = 64;

/**
 * @internal Runs when an acceptor receives a Hello (or rpcx's `__AUTH`): resolves, never rejects, with
 * what becomes `peer.auth` or the `UNAUTHENTICATED` reason to answer with. Built by the server
 * (`toAuthenticate`), so a client's connection carries no auth code.
 */
export type Authenticate = (credentials: unknown, peer: Peer) => Promise<AuthOutcome>;

/** @internal The outcome of a server's auth hook for one Hello. */
export type AuthOutcome = { ok: true; value: unknown } | { ok: false; reason: RpcError };

/** @internal Options after defaults and validation. */
export interface ResolvedPeerOptions {
  /** The codec for calls over byte transports; `undefined` where the build has no msgpack and none was given. */
  codec: Codec | undefined;
  /** The codecs this side decodes, by id; empty until {@link addCodecs} made them (never, on ports). */
  codecs: Map<number, Codec>;
  /** What `codec` and `codecs` are made from: the options as given, and the platform's msgpack. */
  codecOption: CodecOption | undefined;
  extraCodecs: readonly Codec[];
  msgpack: CodecFactory | undefined;
  /** The codecs' decoding limits (bytes). */
  maxStringLength: number;
  maxBinaryLength: number;
  timeout: number;
  maxFrameSize: number;
  handshakeTimeout: number;
  exposeStack: boolean;
  streamWindow: number;
  plugins: readonly Plugin[];
  heartbeatInterval: number;
  heartbeatTimeout: number;
  idleTimeout: number;
  maxInFlightCalls: number;
  maxMetadataSize: number;
  maxDepth: number;
  /** Compress bodies at least this long (bytes); `Infinity` never. */
  compressionThreshold: number;
  /** What the platform offers; set by `connect()` / `createServer()` from the platform. */
  compressor?: Compression;
  /** Set by a server with rate limits. */
  limiter?: Limiter;
  /** Set by a server with an auth hook; absent means every Hello is accepted. */
  authenticate?: Authenticate;
}

/** @internal `value`, or `fallback` when absent; a TypeError naming `name` unless a finite number ≥ 0. */
export function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) {
    throw new TypeError(`${name} must be a finite number ≥ 0 (milliseconds or bytes), got ${String(value)}`);
  }
  return value;
}

function compressionThreshold(option: PeerOptions['compression']): number {
  if (option === undefined || option === false) return Number.POSITIVE_INFINITY;
  return option === true ? 1024 : nonNegative('compression.threshold', option.threshold, 1024);
}

/**
 * @internal Applies defaults and validates. `msgpack` is the default codec's factory, passed in by the
 * builds that move bytes (the platform's `msgpack`), so this file imports no msgpack.
 */
export function resolvePeerOptions(options: PeerOptions = {}, msgpack?: CodecFactory): ResolvedPeerOptions {
  return addCodecs(resolveOptionsWithoutCodecs(options, msgpack));
}

/**
 * @internal Makes `codec` and `codecs` from the options `resolved` was made from, once: where a byte
 * transport is met (a client that dials, a server's first byte connection). Returns `resolved`.
 */
export function addCodecs(resolved: ResolvedPeerOptions): ResolvedPeerOptions {
  if (resolved.codecs.size > 0) return resolved;
  const limits = { maxStringLength: resolved.maxStringLength, maxBinaryLength: resolved.maxBinaryLength };
  resolved.codec = pickCodec(resolved.codecOption, limits, resolved.msgpack);
  resolved.codecs = codecTable(resolved.codec, resolved.extraCodecs, limits, resolved.msgpack);
  return resolved;
}

/**
 * @internal {@link resolvePeerOptions} without making codecs: for what may never encode an isorpc
 * body. Port clients (ports post structured-clone values, so `connectPort()`
 * carries no codec at all), servers (their isorpc protocol calls {@link addCodecs} at the first byte
 * transport, so a Worker's server carries none) and the other protocols, which take only limits and
 * timeouts from it.
 */
export function resolveOptionsWithoutCodecs(options: PeerOptions = {}, msgpack?: CodecFactory): ResolvedPeerOptions {
  const maxFrameSize = nonNegative('maxFrameSize', options.maxFrameSize, DEFAULT_MAX_FRAME_SIZE);
  return {
    codec: undefined,
    codecs: new Map(),
    codecOption: options.codec,
    extraCodecs: options.codecs ?? [],
    msgpack,
    maxStringLength: nonNegative('maxStringLength', options.maxStringLength, maxFrameSize),
    maxBinaryLength: nonNegative('maxBinaryLength', options.maxBinaryLength, maxFrameSize),
    timeout: nonNegative('timeout', options.timeout, DEFAULT_TIMEOUT_MS),
    maxFrameSize,
    handshakeTimeout: nonNegative('handshakeTimeout', options.handshakeTimeout, DEFAULT_HANDSHAKE_TIMEOUT_MS),
    exposeStack: options.exposeStack ?? false,
    streamWindow: Math.max(2, Math.floor(nonNegative('streamWindow', options.streamWindow, DEFAULT_STREAM_WINDOW))),
    plugins: options.plugins ?? [],
    heartbeatInterval: nonNegative('heartbeatInterval', options.heartbeatInterval, DEFAULT_HEARTBEAT_INTERVAL_MS),
    heartbeatTimeout: nonNegative('heartbeatTimeout', options.heartbeatTimeout, DEFAULT_HEARTBEAT_TIMEOUT_MS),
    idleTimeout: nonNegative('idleTimeout', options.idleTimeout, 0),
    maxInFlightCalls: nonNegative('maxInFlightCalls', options.maxInFlightCalls, DEFAULT_MAX_IN_FLIGHT_CALLS),
    maxMetadataSize: nonNegative('maxMetadataSize', options.maxMetadataSize, DEFAULT_MAX_METADATA_SIZE),
    maxDepth: nonNegative('maxDepth', options.maxDepth, DEFAULT_MAX_DEPTH),
    compressionThreshold: compressionThreshold(options.compression),
  };
}
