import { describe, expect, test } from 'vitest';
import { createJsonCodec, createMsgpackCodec } from '../../src/internal.js';

describe('codecs', () => {
  test('msgpack carries Uint8Array as bin, not as base64 or an array of numbers', () => {
    const codec = createMsgpackCodec();
    const bytes = new Uint8Array(200).fill(7);
    const encoded = codec.encode({ bytes }).slice();
    expect(encoded.length).toBeLessThan(200 + 16);
    expect(codec.decode(encoded)).toEqual({ bytes });
  });

  test('msgpack reuses one buffer: encode returns a view valid until the next encode', () => {
    const codec = createMsgpackCodec();
    const first = codec.encode('first');
    const second = codec.encode('second');
    expect(first.buffer).toBe(second.buffer);
  });

  test('msgpack refuses a __proto__ key', () => {
    const codec = createMsgpackCodec();
    const hostile = { a: 1 };
    Object.defineProperty(hostile, '__proto__', { value: { polluted: true }, enumerable: true });
    const encoded = codec.encode(hostile).slice();
    expect(() => codec.decode(encoded)).toThrow(/__proto__/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('msgpack enforces string and binary length limits', () => {
    const codec = createMsgpackCodec({ maxStringLength: 10, maxBinaryLength: 10 });
    const other = createMsgpackCodec();
    expect(() => codec.decode(other.encode('x'.repeat(11)).slice())).toThrow(/maxStrLength/);
    expect(() => codec.decode(other.encode(new Uint8Array(11)).slice())).toThrow(/maxBinLength/);
  });

  test('JSON drops __proto__ keys and constructor.prototype, keeping the rest', () => {
    const codec = createJsonCodec();
    const text = '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"nested":{"__proto__":{"x":1},"keep":2}}';
    const decoded = codec.decode(new TextEncoder().encode(text)) as Record<string, unknown>;
    expect(decoded).toEqual({ nested: { keep: 2 } });
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(codec.decode(new TextEncoder().encode('{"constructor":"a plain key"}'))).toEqual({ constructor: 'a plain key' });
  });

  test('JSON refuses values it cannot represent', () => {
    expect(() => createJsonCodec().encode(() => 1)).toThrow(/JSON cannot encode/);
  });
});
