import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createHeaderFrameDecoder, type FrameHeaderSpec } from '../../src/internal.js';

// A toy format: magic 0xAB, u16 big-endian body length, body.
const spec: FrameHeaderSpec = {
  maxHeaderBytes: 3,
  frameLength(bytes, available) {
    if (available >= 1 && bytes[0] !== 0xab) throw Object.assign(new Error('bad magic'), { code: 'PROTOCOL' });
    if (available < 3) return undefined;
    return 3 + ((bytes[1]! << 8) | bytes[2]!);
  },
};

function frameOf(body: number[]): Uint8Array {
  return Uint8Array.from([0xab, body.length >> 8, body.length & 0xff, ...body]);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

describe('createHeaderFrameDecoder', () => {
  test('returns whole frames, header included, as views when they lie in one chunk', () => {
    const stream = concat([frameOf([1, 2]), frameOf([]), frameOf([3])]);
    const frames = createHeaderFrameDecoder(spec, 100).decode(stream);
    expect(frames.map((f) => [...f])).toEqual([[0xab, 0, 2, 1, 2], [0xab, 0, 0], [0xab, 0, 1, 3]]);
    expect(frames[0]!.buffer).toBe(stream.buffer);
  });

  test('fed one byte at a time, yields the same frames', () => {
    const stream = concat([frameOf([1, 2, 3]), frameOf([4])]);
    const decoder = createHeaderFrameDecoder(spec, 100);
    const frames = [...stream].flatMap((byte) => decoder.decode(Uint8Array.of(byte)));
    expect(frames.map((f) => [...f])).toEqual([[0xab, 0, 3, 1, 2, 3], [0xab, 0, 1, 4]]);
    expect(decoder.bufferedBytes).toBe(0);
  });

  test('any split of any frames gives back the frames', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 }), { maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 50 })), (bodies, cuts) => {
        const stream = concat(bodies.map(frameOf));
        const decoder = createHeaderFrameDecoder(spec, 100);
        const frames: number[][] = [];
        let at = 0;
        for (let i = 0; at < stream.byteLength; i++) {
          const step = cuts.length === 0 ? stream.byteLength : cuts[i % cuts.length]!;
          frames.push(...decoder.decode(stream.subarray(at, at + step)).map((f) => [...f]));
          at += step;
        }
        expect(frames).toEqual(bodies.map((b) => [...frameOf(b)]));
      }),
    );
  });

  test('a length over the cap is FRAME_TOO_LARGE before anything is allocated, and stays failed', () => {
    const decoder = createHeaderFrameDecoder(spec, 10);
    expect(() => decoder.decode(Uint8Array.of(0xab, 0xff))).not.toThrow();
    expect(() => decoder.decode(Uint8Array.of(0xff))).toThrow(expect.objectContaining({ code: 'FRAME_TOO_LARGE' }));
    expect(() => decoder.decode(frameOf([1]))).toThrow(expect.objectContaining({ code: 'FRAME_TOO_LARGE' }));
  });

  test('a bad header fails on its first byte', () => {
    expect(() => createHeaderFrameDecoder(spec, 10).decode(Uint8Array.of(0x00))).toThrow('bad magic');
  });
});
