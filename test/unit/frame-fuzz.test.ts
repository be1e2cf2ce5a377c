// Property-based fuzzing of the frame decoder: arbitrary bytes and mutated valid frames never throw
// anything but RpcError, always return, and never hold more than the cap.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { FrameType, createLengthPrefixDecoder, createMsgpackCodec, isRpcError, isorpcProtocol, type Frame } from '../../src/internal.js';
import { fromValueFrame } from '../../src/isorpc/value-frames.js';

const CAP = 4096;
const msgpack = createMsgpackCodec({ maxStringLength: CAP, maxBinaryLength: CAP });

/** Feeds `chunks` to a fresh length-prefix decoder and decodes each message; returns how it ended. */
function decodeAll(chunks: Uint8Array[]): { frames: number; error?: unknown; maxBuffered: number } {
  const decoder = createLengthPrefixDecoder(CAP);
  let frames = 0;
  let maxBuffered = 0;
  try {
    for (const chunk of chunks) {
      for (const message of decoder.decode(chunk)) {
        expect(message.byteLength).toBeLessThanOrEqual(CAP);
        const frame = isorpcProtocol.decodeFrame(message, 256);
        if (frame.body !== undefined) {
          try {
            msgpack.decode(frame.body as Uint8Array);
          } catch {
            // A body that does not decode is the codec's BAD_REQUEST, not the frame decoder's concern.
          }
        }
        frames++;
      }
      maxBuffered = Math.max(maxBuffered, decoder.bufferedBytes);
    }
  } catch (error) {
    return { frames, error, maxBuffered };
  }
  return { frames, maxBuffered };
}

const validFrame = fc
  .record({
    type: fc.constantFrom(...Object.values(FrameType)),
    flags: fc.constantFrom(0, 1, 2, 3),
    seq: fc.nat({ max: 0xffffffff }),
    method: fc.string({ maxLength: 40 }),
    metadata: fc.option(fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 20 }), { maxKeys: 4 }), { nil: undefined }),
    timeout: fc.nat({ max: 0xffffffff }),
    body: fc.option(fc.jsonValue({ maxDepth: 3 }), { nil: undefined }),
  })
  .map(({ body, ...rest }) => {
    const frame: Frame = { ...rest, codec: 1, body: undefined, type: rest.type as Frame['type'] };
    return isorpcProtocol.encodeFrame(frame, body === undefined ? undefined : msgpack.encode(body).slice(), true).slice();
  })
  .filter((bytes) => bytes.byteLength <= CAP + 4);

/** Splits `bytes` at the given cut points (mod its length). */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.byteLength + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let at = 0;
  for (const point of [...points, bytes.byteLength]) {
    chunks.push(bytes.subarray(at, point));
    at = point;
  }
  return chunks;
}

describe('frame decoder fuzz', () => {
  test('arbitrary bytes: only RpcErrors, and never more buffered than the cap', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 600 }), { maxLength: 12 }), (chunks) => {
        const result = decodeAll(chunks);
        if (result.error !== undefined) expect(isRpcError(result.error), String(result.error)).toBe(true);
        expect(result.maxBuffered).toBeLessThanOrEqual(CAP + 4);
      }),
      { numRuns: 2000 },
    );
  });

  test('valid frames split anywhere decode to the same frames', () => {
    fc.assert(
      fc.property(fc.array(validFrame, { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 8 }), (frames, cuts) => {
        const whole = Uint8Array.from(frames.flatMap((frame) => Array.from(frame)));
        const result = decodeAll(split(whole, cuts));
        expect(result.error).toBeUndefined();
        expect(result.frames).toBe(frames.length);
      }),
      { numRuns: 500 },
    );
  });

  test('mutated valid frames (flipped, inserted, removed bytes; huge lengths): only RpcErrors', () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('remove' as const), at: fc.nat(), value: fc.constant(0) }),
      fc.record({ kind: fc.constant('length' as const), at: fc.constantFrom(0, 20, 22), value: fc.constantFrom(0xffffffff, 0x7fffffff, CAP + 1, 0) }),
    );
    fc.assert(
      fc.property(validFrame, fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 4 }), (frame, mutations, cuts) => {
        const bytes = Array.from(frame);
        for (const { kind, at, value } of mutations) {
          const index = at % (bytes.length + 1);
          if (kind === 'flip') bytes[Math.min(index, bytes.length - 1)] = value;
          else if (kind === 'insert') bytes.splice(index, 0, value);
          else if (kind === 'remove') bytes.splice(index, 1);
          else if (index + 4 <= bytes.length) bytes.splice(index, 4, value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255);
        }
        const result = decodeAll(split(Uint8Array.from(bytes), cuts));
        if (result.error !== undefined) expect(isRpcError(result.error), String(result.error)).toBe(true);
        expect(result.maxBuffered).toBeLessThanOrEqual(CAP + 4);
      }),
      { numRuns: 2000 },
    );
  });

  test('arbitrary values as value frames (MessagePort): only RpcErrors', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.tuple(fc.integer(), fc.anything(), fc.anything(), fc.anything(), fc.anything(), fc.anything(), fc.anything())), (value) => {
        try {
          fromValueFrame(value, 256);
        } catch (error) {
          expect(isRpcError(error), String(error)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
