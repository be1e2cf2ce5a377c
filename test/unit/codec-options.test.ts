// Which codecs a peer gets: msgpack only from the platform that moves bytes (resolvePeerOptions
// imports none), JSON and custom codecs everywhere, and `resolveCodec` of isorpc/core as before.
import { describe, expect, test } from 'vitest';
import { addCodecs, resolveOptionsWithoutCodecs, resolvePeerOptions } from '../../src/calls/options.js';
import { createServer } from '../../platforms/entries/node.js';
import { CodecId, createJsonCodec, createMsgpackCodec, resolveCodec, type Codec } from '../../src/internal.js';

const custom: Codec = { id: 42, name: 'upper', encode: (value) => new TextEncoder().encode(String(value).toUpperCase()), decode: (bytes) => new TextDecoder().decode(bytes) };

describe('codec options', () => {
  test('without msgpack from the platform there is no default codec, and JSON can still be decoded', () => {
    for (const codec of [undefined, 'msgpack' as const]) {
      const resolved = resolvePeerOptions({ codec });
      expect(resolved.codec).toBeUndefined();
      expect([...resolved.codecs.keys()]).toEqual([CodecId.Json]);
    }
  });

  test("`'json'` and a custom codec work without msgpack", () => {
    const json = resolvePeerOptions({ codec: 'json' });
    expect(json.codec?.name).toBe('json');
    expect(json.codec?.decode(json.codec.encode({ a: [1, 'x'] }))).toEqual({ a: [1, 'x'] });
    const own = resolvePeerOptions({ codec: custom });
    expect(own.codec).toBe(custom);
    expect(own.codecs.get(42)).toBe(custom);
  });

  test('with msgpack from the platform it is the default and decodable, with JSON and extra codecs beside it', () => {
    const resolved = resolvePeerOptions({ codecs: [custom], maxStringLength: 4 }, createMsgpackCodec);
    expect(resolved.codec?.id).toBe(CodecId.MessagePack);
    expect([...resolved.codecs.keys()].sort((a, b) => a - b)).toEqual([CodecId.MessagePack, CodecId.Json, 42]);
    // The limits reach the codecs it made: a 5-byte string is over maxStringLength 4.
    const long = createMsgpackCodec().encode('12345').slice();
    expect(() => resolved.codecs.get(CodecId.MessagePack)!.decode(long)).toThrow();
    expect(resolvePeerOptions({ codec: 'json' }, createMsgpackCodec).codec?.id).toBe(CodecId.Json);
  });

  test('an option that is no codec is a TypeError naming the choices', () => {
    expect(() => resolvePeerOptions({ codec: 'cbor' as 'json' })).toThrow(/use 'msgpack', 'json' or an object/);
  });

  test('a server makes its codecs at its first byte transport, once, but checks the codec option at once', () => {
    expect(() => createServer({ codec: 'cbor' as 'json' })).toThrow(/use 'msgpack', 'json' or an object/);
    const options = resolveOptionsWithoutCodecs({ codec: 'json' }, createMsgpackCodec);
    expect([options.codec, options.codecs.size]).toEqual([undefined, 0]);
    const codecs = addCodecs(options).codecs;
    expect(options.codec?.id).toBe(CodecId.Json);
    expect([...codecs.keys()].sort()).toEqual([CodecId.Json, CodecId.MessagePack].sort());
    expect(addCodecs(options).codecs).toBe(codecs);
  });

  test('resolveCodec (isorpc/core) still resolves msgpack by default', () => {
    expect(resolveCodec(undefined).name).toBe('msgpack');
    expect(resolveCodec('msgpack').id).toBe(CodecId.MessagePack);
    expect(resolveCodec('json').decode(createJsonCodec().encode([1]))).toEqual([1]);
    expect(resolveCodec(custom)).toBe(custom);
  });
});
