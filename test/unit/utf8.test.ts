// The UTF-8 helpers of the frame header: the hand-written short path and the cache for repeated
// strings (method names, metadata keys) give exactly what TextDecoder gives, errors included, also
// when thousands of different names compete for the cache's slots.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeRepeatedUtf8, decodeUtf8, encodeUtf8 } from '../../src/codec/utf8.js';

const reference = new TextDecoder('utf-8', { fatal: true });

describe('UTF-8 helpers', () => {
  test('decodeUtf8 and decodeRepeatedUtf8 decode any string, short or long, ASCII or not, at any offset', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.nat(8), (text, pad) => {
        const bytes = new Uint8Array([...new Uint8Array(pad).fill(0x41), ...encodeUtf8(text), 0x42]);
        const end = bytes.byteLength - 1;
        expect(decodeUtf8(bytes, pad, end)).toBe(text);
        expect(decodeRepeatedUtf8(bytes, pad, end)).toBe(text);
        expect(decodeRepeatedUtf8(bytes, pad, end)).toBe(text);
      }),
      { numRuns: 3000 },
    );
  });

  test('5,000 different method names through the cache, twice over: each comes back as itself', () => {
    const names = Array.from({ length: 5000 }, (_, i) => `Service${i % 97}.method${i}`);
    for (let round = 0; round < 2; round++) {
      for (const name of names) {
        const bytes = encodeUtf8(name);
        expect(decodeRepeatedUtf8(bytes, 0, bytes.byteLength)).toBe(name);
      }
    }
  });

  test('invalid UTF-8 throws as TextDecoder does, short or long, cached or not', () => {
    for (const bytes of [Uint8Array.of(0x61, 0xff), Uint8Array.of(0xc3), new Uint8Array([...new Uint8Array(40).fill(0x61), 0xe2, 0x28])]) {
      expect(() => reference.decode(bytes)).toThrow(TypeError);
      expect(() => decodeUtf8(bytes, 0, bytes.byteLength)).toThrow(TypeError);
      expect(() => decodeRepeatedUtf8(bytes, 0, bytes.byteLength)).toThrow(TypeError);
    }
  });
});
