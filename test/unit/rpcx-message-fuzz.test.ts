// Fuzzed rpcx decoding: any bytes either decode or fail with an RpcError (never another exception),
// every message the encoder writes decodes back to itself, and split anywhere it still decodes once.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { createHeaderFrameDecoder, decodeRpcxMessage, encodeRpcxMessage, isRpcError, rpcxFrameSpec, type RpcxMessage } from '../../src/internal.js';

const message: fc.Arbitrary<RpcxMessage> = fc.record({
  response: fc.boolean(),
  heartbeat: fc.boolean(),
  oneway: fc.boolean(),
  compressType: fc.integer({ min: 0, max: 7 }),
  error: fc.boolean(),
  serializeType: fc.integer({ min: 0, max: 15 }),
  seq: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  servicePath: fc.string({ unit: 'grapheme' }),
  serviceMethod: fc.string({ unit: 'grapheme' }),
  metadata: fc.dictionary(fc.string({ unit: 'grapheme' }).filter((key) => key !== '__proto__'), fc.string({ unit: 'grapheme' }), { maxKeys: 5 }),
  payload: fc.uint8Array({ maxLength: 64 }),
});

test('arbitrary bytes decode or fail with an RpcError', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 128 }), fc.boolean(), (bytes, withMagic) => {
      if (withMagic && bytes.byteLength > 0) bytes[0] = 0x08;
      try {
        decodeRpcxMessage(bytes);
      } catch (error) {
        expect(isRpcError(error), String(error)).toBe(true);
      }
    }),
    { numRuns: 1500 },
  );
});

test('corrupting one byte of a valid message decodes or fails with an RpcError', () => {
  fc.assert(
    fc.property(message, fc.nat(), fc.integer({ min: 0, max: 255 }), (value, at, byte) => {
      const bytes = encodeRpcxMessage(value);
      bytes[at % bytes.byteLength] = byte;
      try {
        const decoder = createHeaderFrameDecoder(rpcxFrameSpec, 1 << 20);
        for (const frame of decoder.decode(bytes)) decodeRpcxMessage(frame);
      } catch (error) {
        expect(isRpcError(error), String(error)).toBe(true);
      }
    }),
    { numRuns: 1000 },
  );
});

test('encode then decode is the identity, split at any point', () => {
  fc.assert(
    fc.property(message, fc.nat(), (value, cut) => {
      const bytes = encodeRpcxMessage(value);
      const at = cut % (bytes.byteLength + 1);
      const decoder = createHeaderFrameDecoder(rpcxFrameSpec, 1 << 20);
      const frames = [...decoder.decode(bytes.subarray(0, at)), ...decoder.decode(bytes.subarray(at))];
      expect(frames).toHaveLength(1);
      const decoded = decodeRpcxMessage(frames[0]!);
      expect({ ...decoded, payload: [...decoded.payload] }).toEqual({ ...value, compressType: value.compressType, payload: [...value.payload] });
    }),
    { numRuns: 500 },
  );
});

test('strings with lone surrogates are written as TextEncoder writes them (U+FFFD)', () => {
  const normalized = (text: string): string => new TextDecoder().decode(new TextEncoder().encode(text));
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 }).map((codes) => String.fromCharCode(...codes)), fc.constantFrom('\ud800', '\udc00', 'a\ud83d', '\ud83d\ude80'), (text, odd) => {
      const key = text + odd;
      const decoded = decodeRpcxMessage(
        encodeRpcxMessage({ response: false, heartbeat: false, oneway: false, compressType: 0, error: false, serializeType: 1, seq: 1n, servicePath: key, serviceMethod: odd, metadata: { [key]: key }, payload: new Uint8Array(0) }),
      );
      expect(decoded.servicePath).toBe(normalized(key));
      expect(decoded.serviceMethod).toBe(normalized(odd));
      expect(decoded.metadata).toEqual({ [normalized(key)]: normalized(key) });
    }),
    { numRuns: 500 },
  );
});
