// The Node build's msgpack codec (createFastMsgpackCodec) writes plain data itself; the writer is a fast
// path, never a second behaviour: for any value the codec's bytes (or error) are the library's.
// Checked with generated values, then the cases that must go to the library.
import { Encoder } from '@msgpack/msgpack';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createFastMsgpackCodec } from '../../src/internal.js';
import { MsgpackWriter } from '../../src/codec/msgpack-writer.js';
import { NOT_PLAIN } from '../../src/codec/msgpack-reader.js';

const library = new Encoder({ ignoreUndefined: true });
const codec = createFastMsgpackCodec();

/** Plain data as calls carry it, with what the library treats specially: undefined, -0, lone surrogates, ≥ 16 keys. */
const plain = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, undefined, true, false, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.MIN_VALUE),
    fc.integer({ min: -(2 ** 31), max: 2 ** 32 }),
    fc.constantFrom(127, 128, 255, 256, 65535, 65536, -32, -33, -128, -129, -32768, -32769, 2 ** 31, -(2 ** 31) - 1, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 3, 2 ** 53 - 1, -(2 ** 53 - 1), -(2 ** 40) - 7),
    fc.double(),
    fc.string({ unit: 'grapheme', maxLength: 80 }),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.string({ unit: fc.constantFrom('a', 'é', '\ud800', '\udc00', '😀', '中'), maxLength: 70 }),
    fc.uint8Array({ maxLength: 300 }),
    fc.array(tie('value'), { maxLength: 20 }),
    fc.dictionary(fc.string({ maxLength: 40 }), tie('value'), { maxKeys: 24 }),
  ),
}));

function bytesOrError(encode: () => Uint8Array): unknown {
  try {
    return { bytes: [...encode()] };
  } catch (error) {
    return { error: String(error) };
  }
}

describe('msgpack writer', () => {
  test('for any plain value the writer writes the bytes the library writes', () => {
    const writer = new MsgpackWriter();
    fc.assert(
      fc.property(plain.value, (value) => {
        const written = writer.write(value);
        expect(written).not.toBe(NOT_PLAIN);
        expect([...(written as Uint8Array)]).toEqual([...library.encode(value)]);
      }),
      { numRuns: 3000 },
    );
  });

  test('a map of more than 15 keys (some undefined) and of 70,000 keys gets the library\'s longer headers', () => {
    const writer = new MsgpackWriter();
    const sixteen = Object.fromEntries(Array.from({ length: 18 }, (_, i) => [`k${i}`, i % 9 === 0 ? undefined : i]));
    const huge = Object.fromEntries(Array.from({ length: 70_000 }, (_, i) => [`key${i}`, i]));
    for (const value of [sixteen, huge, { list: new Array(70_000).fill('x') }, 'y'.repeat(70_000), new Uint8Array(70_000)]) {
      expect(Buffer.from(writer.write(value) as Uint8Array).equals(library.encode(value))).toBe(true);
    }
  });

  test('what is not plain data goes to the library: its bytes, and its errors', () => {
    const writer = new MsgpackWriter();
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
    }
    const deep: unknown[] = [];
    let inner = deep;
    for (let i = 0; i < 80; i++) inner.push((inner = []));
    const others: unknown[] = [new Date(1_700_000_000_123), { at: new Date(5) }, new Point(1, 2), new Int16Array([1, -1]), deep];
    for (const value of others) {
      expect(writer.write(value)).toBe(NOT_PLAIN);
      expect(bytesOrError(() => codec.encode(value))).toEqual(bytesOrError(() => library.encode(value)));
    }
    for (const value of [10n, { f: () => 1 }, Symbol('s')]) {
      expect(writer.write(value)).toBe(NOT_PLAIN);
      expect(() => codec.encode(value)).toThrow(/Unrecognized object/);
    }
  });

  test('a getter that encodes while the writer is writing gets its own encoding, and the outer value stays whole', () => {
    const value = {
      a: 1,
      get b() {
        return [...codec.encode({ nested: true })].length;
      },
      c: 'tail',
    };
    expect([...codec.encode(value)]).toEqual([...library.encode(value)]);
  });

  test('keys added to Object.prototype do not leak into encoded maps', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.polluted = 'yes';
    try {
      expect([...codec.encode({ a: 1 })]).toEqual([...library.encode({ a: 1 })]);
      expect(codec.encode({ a: 1 }).byteLength).toBe(4);
    } finally {
      delete proto.polluted;
    }
    expect(new MsgpackWriter().write({ a: 1 })).not.toBe(NOT_PLAIN);
  });

  test('objects without a prototype are written as maps; the bytes are a view the next encode reuses', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { z: 1, a: [true] });
    expect([...codec.encode(bare)]).toEqual([...library.encode(bare)]);
    const first = codec.encode({ n: 1 });
    const copy = [...first];
    codec.encode({ n: 2 });
    expect(first.buffer).toBe(codec.encode({ n: 3 }).buffer);
    expect(copy).toEqual([...library.encode({ n: 1 })]);
  });
});
