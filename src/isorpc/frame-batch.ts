import { RpcError } from '../errors.js';
import { LENGTH_PREFIX_BYTES } from '../framing/length-prefix-decoder.js';

/**
 * Coalesced WebSocket messages (docs/PROTOCOL.md, "Coalescing"): when both peers announced
 * `coalesce` in the handshake, frames queued in the same tick may travel in one message as
 * `'I' 'B'` followed by `u32 length, frame` runs, the same runs a byte stream carries. A single
 * frame still travels alone, starting with the frame magic `'I' 'R'`, so the two never mix up.
 */
export const BATCH_MAGIC_BYTES = 2;
const B0 = 0x49;
const B1 = 0x42;

/** Tells whether `message` is a coalesced message rather than a single frame. */
export function isBatch(message: Uint8Array): boolean {
  return message.byteLength >= BATCH_MAGIC_BYTES && message[0] === B0 && message[1] === B1;
}

/**
 * Joins length-prefixed frames into one coalesced message of `bytes` bytes (the magic included).
 * One copy of each small frame; large frames are never coalesced (see Outbox).
 */
export function joinBatch(prefixedFrames: readonly Uint8Array[], bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  out[0] = B0;
  out[1] = B1;
  let offset = BATCH_MAGIC_BYTES;
  for (const frame of prefixedFrames) {
    out.set(frame, offset);
    offset += frame.byteLength;
  }
  return out;
}

/**
 * Splits a coalesced message into its frames, as views (no copy). Throws `PROTOCOL` for a run that
 * is empty or truncated, `FRAME_TOO_LARGE` for a frame over `maxFrameSize` (checked before use).
 */
export function splitBatch(message: Uint8Array, maxFrameSize: number): Uint8Array[] {
  const frames: Uint8Array[] = [];
  const end = message.byteLength;
  let offset = BATCH_MAGIC_BYTES;
  while (offset + LENGTH_PREFIX_BYTES <= end) {
    const length = ((message[offset]! << 24) >>> 0) + (message[offset + 1]! << 16) + (message[offset + 2]! << 8) + message[offset + 3]!;
    offset += LENGTH_PREFIX_BYTES;
    if (length > maxFrameSize) throw new RpcError('FRAME_TOO_LARGE', `Received a frame of ${length} bytes, over the limit of ${maxFrameSize} bytes; raise maxFrameSize on both peers`);
    if (length === 0 || offset + length > end) return malformed();
    frames.push(message.subarray(offset, offset + length));
    offset += length;
  }
  // A cut-off prefix, or no run at all.
  return offset !== end || frames.length === 0 ? malformed() : frames;
}

function malformed(): never {
  throw new RpcError('PROTOCOL', 'Malformed coalesced message (a run is empty or cut off); the peer does not speak isorpc coalescing');
}
