import { RpcError } from '../errors.js';

/** Splits a byte stream (TCP) into messages. */
export interface StreamDecoder {
  /**
   * Feeds one chunk as it arrived and returns the messages it completed, in order. Messages that lie
   * whole inside the chunk are views into it (no copy). Throws an `RpcError` (`FRAME_TOO_LARGE` or
   * `PROTOCOL`) once the stream is unusable; the caller must then close the connection.
   */
  decode(chunk: Uint8Array): Uint8Array[];
  /** Bytes held for a message that is not complete yet. */
  readonly bufferedBytes: number;
}

/** Bytes of the big-endian length written before each message on a byte stream. */
export const LENGTH_PREFIX_BYTES = 4;

/**
 * A decoder for `u32 length, message` streams. An explicit state machine: it is either collecting the
 * four length bytes or filling a message buffer, and it checks `length` against `maxMessageBytes`
 * before allocating anything, so a hostile 4 GiB prefix costs four bytes of memory.
 */
export function createLengthPrefixDecoder(maxMessageBytes: number): StreamDecoder {
  const lengthBytes = new Uint8Array(LENGTH_PREFIX_BYTES);
  let lengthFilled = 0;
  let message: Uint8Array | undefined;
  let messageFilled = 0;
  let failure: RpcError | undefined;

  function checkedLength(length: number): number {
    if (length > maxMessageBytes) {
      failure = new RpcError(
        'FRAME_TOO_LARGE',
        `Received a frame of ${length} bytes, over the limit of ${maxMessageBytes} bytes; raise maxFrameSize on both peers or send smaller messages`,
      );
    } else if (length === 0) {
      failure = new RpcError('PROTOCOL', 'Received an empty frame (length prefix 0); the peer does not speak the isorpc protocol');
    }
    if (failure) throw failure;
    return length;
  }

  function decode(chunk: Uint8Array): Uint8Array[] {
    if (failure) throw failure;
    const messages: Uint8Array[] = [];
    let offset = 0;
    while (offset < chunk.byteLength) {
      if (message === undefined) {
        if (lengthFilled === 0 && chunk.byteLength - offset >= LENGTH_PREFIX_BYTES) {
          const length = checkedLength(readUint32(chunk, offset));
          offset += LENGTH_PREFIX_BYTES;
          if (chunk.byteLength - offset >= length) {
            messages.push(chunk.subarray(offset, offset + length));
            offset += length;
            continue;
          }
          message = new Uint8Array(length);
          messageFilled = 0;
        } else {
          lengthBytes[lengthFilled++] = chunk[offset++]!;
          if (lengthFilled < LENGTH_PREFIX_BYTES) continue;
          lengthFilled = 0;
          message = new Uint8Array(checkedLength(readUint32(lengthBytes, 0)));
          messageFilled = 0;
          continue;
        }
      }
      const take = Math.min(message.byteLength - messageFilled, chunk.byteLength - offset);
      message.set(chunk.subarray(offset, offset + take), messageFilled);
      messageFilled += take;
      offset += take;
      if (messageFilled === message.byteLength) {
        messages.push(message);
        message = undefined;
      }
    }
    return messages;
  }

  return {
    decode,
    get bufferedBytes() {
      return lengthFilled + (message === undefined ? 0 : messageFilled);
    },
  };
}

function readUint32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset]! << 24) >>> 0) + (bytes[offset + 1]! << 16) + (bytes[offset + 2]! << 8) + bytes[offset + 3]!;
}
