import type { Codec } from './codec/codec.js';
import { codecTable, resolveCodec, type CodecOption } from './codec/codecs.js';
import { isorpcProtocol } from './protocol/isorpc-protocol.js';
import type { WireProtocol } from './protocol/wire-protocol.js';
import type { Plugin } from './plugin.js';

/** Options shared by clients and servers. Defaults are listed in the README's "Limits" table. */
export interface PeerOptions {
  /** Codec for the calls this side makes: `'msgpack'` (default), `'json'` or a custom {@link Codec}. */
  codec?: CodecOption;
  /** Extra custom codecs this side can decode (msgpack and JSON always can be). */
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
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024;
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 10_000;
export const DEFAULT_STREAM_WINDOW = 64;

/** @internal Options after defaults and validation. */
export interface ResolvedPeerOptions {
  codec: Codec;
  codecs: Map<number, Codec>;
  timeout: number;
  maxFrameSize: number;
  handshakeTimeout: number;
  exposeStack: boolean;
  streamWindow: number;
  plugins: readonly Plugin[];
  protocol: WireProtocol;
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) {
    throw new TypeError(`${name} must be a finite number ≥ 0 (milliseconds or bytes), got ${String(value)}`);
  }
  return value;
}

/** @internal */
export function resolvePeerOptions(options: PeerOptions = {}): ResolvedPeerOptions {
  const maxFrameSize = nonNegative('maxFrameSize', options.maxFrameSize, DEFAULT_MAX_FRAME_SIZE);
  const limits = { maxStringLength: maxFrameSize, maxBinaryLength: maxFrameSize };
  const codec = resolveCodec(options.codec, limits);
  return {
    codec,
    codecs: codecTable(codec, options.codecs ?? [], limits),
    timeout: nonNegative('timeout', options.timeout, DEFAULT_TIMEOUT_MS),
    maxFrameSize,
    handshakeTimeout: nonNegative('handshakeTimeout', options.handshakeTimeout, DEFAULT_HANDSHAKE_TIMEOUT_MS),
    exposeStack: options.exposeStack ?? false,
    streamWindow: Math.max(2, Math.floor(nonNegative('streamWindow', options.streamWindow, DEFAULT_STREAM_WINDOW))),
    plugins: options.plugins ?? [],
    protocol: isorpcProtocol,
  };
}
