// msgpack's encodeParts: the parts joined are byte for byte what encode() gives, a large Uint8Array
// is referenced (not copied), and a received `bin` decodes as a view into the received bytes.
import { describe, expect, test } from 'vitest';
import { createMsgpackCodec } from '../../src/internal.js';

const codec = createMsgpackCodec();

function joined(parts: readonly Uint8Array[]): number[] {
  return parts.flatMap((part) => [...part]);
}

describe('msgpack encodeParts', () => {
  test.each([
    ['a small object', { id: 1, text: 'hello' }],
    ['a small Uint8Array', new Uint8Array(100).fill(3)],
    ['a 64 KiB Uint8Array', new Uint8Array(65536).fill(9)],
    ['a Uint8Array view at an offset', new Uint8Array(5000).fill(1).subarray(17, 4017)],
    ['undefined', undefined],
  ])('%s: the parts joined equal encode()', (_name, value) => {
    const expected = [...codec.encode(value)];
    expect(joined(codec.encodeParts!(value))).toEqual(expected);
  });

  test('a large Uint8Array is one of the parts itself, and decodes back as a view into the frame bytes', () => {
    const big = new Uint8Array(65536).fill(5);
    const parts = codec.encodeParts!(big);
    expect(parts).toContain(big);
    const wire = Uint8Array.from(joined(parts));
    const decoded = codec.decode(wire) as Uint8Array;
    expect(decoded.byteLength).toBe(65536);
    expect(decoded.buffer).toBe(wire.buffer);
  });
});
