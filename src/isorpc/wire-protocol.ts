import type { Frame } from './frame.js';
import type { StreamDecoder } from '../framing/length-prefix-decoder.js';

/**
 * How frames become bytes on a byte transport. The isorpc binary protocol is one implementation;
 * other wire protocols (JSON-RPC, arpc, rpcx) implement the same three functions and plug in beside it.
 */
export interface WireProtocol {
  /** The protocol's name, for messages. */
  readonly name: string;
  /**
   * Serialises `frame` with its already-encoded `body` (one buffer, or consecutive parts copied in
   * order). With `forStream` the result also carries the delimiting a byte stream needs (isorpc: a
   * length prefix), written into the same buffer.
   */
  encodeFrame(frame: Frame, body: Uint8Array | readonly Uint8Array[] | undefined, forStream: boolean): Uint8Array;
  /**
   * Parses one message into a frame whose body is the encoded bytes; throws `RpcError('PROTOCOL')`,
   * or `RpcError('FRAME_TOO_LARGE')` when its metadata is over `maxMetadataBytes` (checked before decoding it).
   */
  decodeFrame(message: Uint8Array, maxMetadataBytes?: number): Frame;
  /** Splits a byte stream into messages, refusing any message over `maxFrameSize` bytes. */
  createStreamDecoder(maxFrameSize: number): StreamDecoder;
}
