// The Node build's msgpack codec (createFastMsgpackCodec) reads plain data itself; the reader is a fast path, never a second behaviour: for any plain value it returns
// what @msgpack/msgpack returns, and for any bytes at all (well-formed, mutated, truncated, random) the
// codec gives the library's value or the library's error. Checked with generated values and bytes.
import { Decoder, Encoder } from '@msgpack/msgpack';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createFastMsgpackCodec as createMsgpackCodec } from '../../src/internal.js';
import { MsgpackReader, NOT_PLAIN } from '../../src/codec/msgpack-reader.js';

const library = { encoder: new Encoder({ ignoreUndefined: true }), decoder: new Decoder() };
const codec = createMsgpackCodec();
const reader = new MsgpackReader(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);

/** Plain data as calls carry it: edge numbers, non-ASCII and long strings, binary, nesting, odd keys. */
const plain = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -(2 ** 31), max: 2 ** 32 }),
    fc.constantFrom(0, 127, 128, 255, 256, 65535, 65536, -32, -33, -128, -129, -32768, -32769, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1, -(2 ** 53 - 1), -(2 ** 31) - 1),
    fc.double(),
    fc.string({ unit: 'grapheme', maxLength: 80 }),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.uint8Array({ maxLength: 300 }),
    fc.array(tie('value'), { maxLength: 20 }),
    fc.dictionary(fc.string({ maxLength: 40 }).filter((key) => key !== '__proto__'), tie('value'), { maxKeys: 20 }),
  ),
}));

function outcome(decode: () => unknown): unknown {
  try {
    return { value: decode() };
  } catch (error) {
    return { error: String(error) };
  }
}

describe('msgpack reader', () => {
  test('for any plain value the reader returns what the library returns (most of them without the library)', () => {
    let fast = 0;
    fc.assert(
      fc.property(plain.value, (value) => {
        const bytes = library.encoder.encode(value);
        const read = reader.read(bytes);
        if (read !== NOT_PLAIN) fast++;
        expect(read === NOT_PLAIN ? codec.decode(bytes) : read).toEqual(library.decoder.decode(bytes));
      }),
      { numRuns: 2000 },
    );
    expect(fast).toBeGreaterThan(1500);
  });

  test('for any bytes (mutated, truncated or random) the codec gives the value or the error the library gives', () => {
    const damaged = plain.value.chain((value) => {
      const bytes = library.encoder.encode(value);
      return fc.tuple(fc.nat(bytes.byteLength), fc.integer({ min: 0, max: 255 }), fc.boolean()).map(([at, byte, cut]) => {
        const changed = Uint8Array.from(bytes);
        if (cut) return changed.subarray(0, at);
        if (at < changed.byteLength) changed[at] = byte;
        return changed;
      });
    });
    fc.assert(
      fc.property(fc.oneof(damaged, fc.uint8Array({ maxLength: 64 })), (bytes) => {
        expect(outcome(() => codec.decode(bytes))).toEqual(outcome(() => library.decoder.decode(bytes)));
      }),
      { numRuns: 3000 },
    );
  });

  test('extension types (a Date), numeric keys and __proto__ go to the library, with its results and errors', () => {
    const date = library.encoder.encode({ at: new Date(1_700_000_000_123) });
    expect(reader.read(date)).toBe(NOT_PLAIN);
    expect(codec.decode(date)).toEqual({ at: new Date(1_700_000_000_123) });
    const numericKey = Uint8Array.of(0x81, 0x01, 0xa1, 0x78);
    expect(reader.read(numericKey)).toBe(NOT_PLAIN);
    expect(codec.decode(numericKey)).toEqual({ 1: 'x' });
    const proto = Uint8Array.of(0x81, 0xa9, ...new TextEncoder().encode('__proto__'), 0x01);
    expect(() => codec.decode(proto)).toThrow(/__proto__ is not allowed/);
  });

  test('string and binary limits are the library\'s; 10,000-deep nesting decodes through the library', () => {
    const limited = createMsgpackCodec({ maxStringLength: 4, maxBinaryLength: 4 });
    expect(() => limited.decode(library.encoder.encode('hello'))).toThrow(/Max length exceeded/);
    expect(() => limited.decode(library.encoder.encode({ b: new Uint8Array(5) }))).toThrow(/Max length exceeded/);
    expect(limited.decode(library.encoder.encode({ s: 'hey' }))).toEqual({ s: 'hey' });
    const deep = new Uint8Array(10_001).fill(0x91);
    deep[10_000] = 0x01;
    let value = codec.decode(deep);
    let depth = 0;
    while (Array.isArray(value)) {
      value = value[0];
      depth++;
    }
    expect([depth, value]).toEqual([10_000, 1]);
  });

  test('a received bin is a view into the received bytes, not a copy', () => {
    const wire = library.encoder.encode({ data: new Uint8Array(100).fill(7) });
    const decoded = codec.decode(wire) as { data: Uint8Array };
    expect(decoded.data.buffer).toBe(wire.buffer);
    expect([...decoded.data]).toEqual(new Array(100).fill(7));
  });
});
