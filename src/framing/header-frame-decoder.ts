import { RpcError } from '../errors.js';
import type { StreamDecoder } from './length-prefix-decoder.js';

/** How a protocol's frames say their own length: the piece a {@link createHeaderFrameDecoder} needs. */
export interface FrameHeaderSpec {
  /** Bytes that are always enough to learn a frame's length (a fixed header, or a varint's maximum). */
  readonly maxHeaderBytes: number;
  /**
   * The whole frame's length in bytes, header included, read from `bytes[0..available)` (the frame's
   * first bytes); `undefined` when more bytes are needed first. Throws an `RpcError('PROTOCOL')` for a
   * header that can never be valid (bad magic, a varint too long), so garbage fails on its first bytes.
   */
  frameLength(bytes: Uint8Array, available: number): number | undefined;
}

/**
 * A pure decoder for byte streams whose frames carry their length in a header (arpc, rpcx, gob's
 * varint counts). Like the isorpc length-prefix decoder it is a two-state machine, collecting a
 * header or filling a frame, checks the length against `maxFrameBytes` before allocating, and returns
 * frames that lie whole inside a chunk as views into it. Frames are returned header included.
 */
export function createHeaderFrameDecoder(spec: FrameHeaderSpec, maxFrameBytes: number): StreamDecoder {
  const header = new Uint8Array(spec.maxHeaderBytes);
  let headerFilled = 0;
  let frame: Uint8Array | undefined;
  let frameFilled = 0;
  let failure: unknown;

  function checked(length: number): number {
    if (!(length >= 1)) throw (failure = new RpcError('PROTOCOL', `A frame header gave an impossible length (${length})`));
    if (length > maxFrameBytes) {
      failure = new RpcError('FRAME_TOO_LARGE', `Received a frame of ${length} bytes, over the limit of ${maxFrameBytes} bytes; raise maxFrameSize or send smaller messages`);
      throw failure;
    }
    return length;
  }

  function lengthOf(bytes: Uint8Array, available: number): number | undefined {
    try {
      const length = spec.frameLength(bytes, available);
      return length === undefined ? undefined : checked(length);
    } catch (error) {
      failure = error;
      throw error;
    }
  }

  function decode(chunk: Uint8Array): Uint8Array[] {
    if (failure !== undefined) throw failure;
    const frames: Uint8Array[] = [];
    let offset = 0;
    while (offset < chunk.byteLength) {
      if (frame === undefined) {
        if (headerFilled === 0) {
          // Fast path: the header is whole in this chunk, and maybe the frame too.
          const rest = chunk.subarray(offset);
          const length = lengthOf(rest, rest.byteLength);
          if (length !== undefined) {
            if (rest.byteLength >= length) {
              frames.push(rest.subarray(0, length));
              offset += length;
              continue;
            }
            frame = new Uint8Array(length);
            frameFilled = 0;
            continue;
          }
          if (rest.byteLength >= spec.maxHeaderBytes) throw (failure = new RpcError('PROTOCOL', 'A frame header did not give its length within its maximum size'));
        }
        header[headerFilled++] = chunk[offset++]!;
        const length = lengthOf(header, headerFilled);
        if (length === undefined) {
          if (headerFilled === spec.maxHeaderBytes) throw (failure = new RpcError('PROTOCOL', 'A frame header did not give its length within its maximum size'));
          continue;
        }
        frame = new Uint8Array(length);
        frame.set(header.subarray(0, headerFilled));
        frameFilled = headerFilled;
        headerFilled = 0;
      }
      const take = Math.min(frame.byteLength - frameFilled, chunk.byteLength - offset);
      frame.set(chunk.subarray(offset, offset + take), frameFilled);
      frameFilled += take;
      offset += take;
      if (frameFilled === frame.byteLength) {
        frames.push(frame);
        frame = undefined;
      }
    }
    return frames;
  }

  return {
    decode,
    get bufferedBytes() {
      return headerFilled + (frame === undefined ? 0 : frameFilled);
    },
  };
}
