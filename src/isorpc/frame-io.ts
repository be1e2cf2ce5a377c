import type { PreparedFrame } from './broadcast.js';
import type { Codec } from '../codec/codec.js';
import { RpcError } from '../errors.js';
import type { ResolvedPeerOptions } from '../calls/options.js';
import type { Peer } from '../core/peer-types.js';
import type { Frame } from './frame.js';
import type { Transport } from '../core/transport.js';

/** What frame I/O needs from its connection. */
export interface FrameIoHost {
  /** The peer plugins are told about. */
  readonly peer: Peer;
  readonly closed: boolean;
  /** One decoded frame, in order. */
  receiveFrame(frame: Frame): void;
  /** The input is unusable: close with `reason`. */
  fail(reason: RpcError): void;
}

/** Frames ⇄ transport data for one connection: value-frame-io.ts for ports, byte-frame-io.ts for bytes. */
export interface FrameIo {
  /** What the peer announced in the handshake. */
  remoteMaxFrameSize: number;
  remoteInflates: boolean;
  /** Starts coalescing writes: the peer announced it reads coalesced messages (or value batches). */
  coalesce(): void;
  /** Sends (or queues for this tick); throws RpcError (BAD_REQUEST, FRAME_TOO_LARGE). */
  send(frame: Frame, codec: Codec | undefined, transfer: readonly object[] | undefined): void;
  /** Sends a frame encoded once for many peers (broadcast); false when over the peer's limit. */
  sendPrepared(prepared: PreparedFrame): boolean;
  /** Sends what this tick queued, now (before the transport closes). */
  flush(): void;
  /** The body of a received frame as a value; throws RpcError('BAD_REQUEST'). */
  decodeBody(frame: Frame): unknown;
  /** One chunk, message or value from the transport. */
  receive(data: unknown): void;
}

/** Makes the frame I/O of one connection. */
export type FrameIoFactory = (transport: Transport, options: ResolvedPeerOptions, host: FrameIoHost) => FrameIo;

/**
 * The frame I/O a connection may use, by transport family: `createValueFrameIo` for `'value'`
 * transports, `createByteFrameIo` for `'stream'` and `'message'` ones. Each path passes only what it
 * can meet (`connectPort()` ports, `connect()` dialed bytes, servers and `openClient()` both), so a
 * bundle carries only the framing its transports use.
 */
export interface FrameIoFactories {
  value?: FrameIoFactory;
  bytes?: FrameIoFactory;
}

/**
 * The frame I/O for `transport` from `factories`; a family left out is refused: the transport is
 * closed and `RpcError('UNAVAILABLE')` thrown.
 */
export function openFrameIo(transport: Transport, options: ResolvedPeerOptions, host: FrameIoHost, factories: FrameIoFactories): FrameIo {
  const create = transport.kind === 'value' ? factories.value : factories.bytes;
  if (create !== undefined) return create(transport, options, host);
  transport.close();
  throw new RpcError(
    'UNAVAILABLE',
    transport.kind === 'value'
      ? "A 'value' transport (a port) cannot be dialed: use connectPort(), server.accept() or openClient()"
      : `A '${transport.kind}' transport needs isorpc's byte framing, which connectPort() leaves out: use openClient() from 'isorpc/core'`,
  );
}

