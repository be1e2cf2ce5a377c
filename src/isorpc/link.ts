import type { Codec } from '../codec/codec.js';
import type { ResolvedPeerOptions } from '../calls/options.js';
import type { Peer } from '../core/peer-types.js';
import type { Frame, FrameType, Metadata } from './frame.js';

/**
 * What the two halves of a connection (outgoing calls, incoming calls) need from it: sending frames,
 * decoding bodies, and the limits the other side announced in the handshake.
 */
export interface Link {
  readonly options: ResolvedPeerOptions;
  readonly peer: Peer;
  /** The window the other side announced: items we may send on a stream before it grants more. */
  readonly remoteStreamWindow: number;
  /** Encodes and sends; throws RpcError (BAD_REQUEST when unencodable, FRAME_TOO_LARGE, CLOSED). */
  send(frame: Frame, codec?: Codec, transfer?: readonly object[]): void;
  /** Like `send`, for frames whose loss changes nothing (cancel, credit). */
  trySend(frame: Frame): void;
  /** Decodes a frame body with the codec its header names; throws RpcError('BAD_REQUEST'). */
  decodeBody(frame: Frame): unknown;
}

/** A frame with everything but type and seq at its neutral value. */
export function controlFrame(type: FrameType, seq: number, body?: unknown, metadata?: Metadata): Frame {
  return { type, flags: 0, seq, method: '', metadata, timeout: 0, codec: 0, body };
}
