import { describe, expect, test } from 'vitest';
import { FrameType, HEADER_BYTES, isRpcError, isorpcProtocol, type Frame, type RpcError } from '../../src/internal.js';

const request: Frame = { type: FrameType.Request, flags: 0, seq: 7, method: 'Arith.add', metadata: { trace: 'ü-1' }, timeout: 1500, codec: 1, body: undefined };

const BODY = Uint8Array.of(1, 2, 3);

function encode(frame: Frame = request, body: Uint8Array | null = BODY): Uint8Array {
  return isorpcProtocol.encodeFrame(frame, body ?? undefined, false);
}

function decodeError(bytes: Uint8Array): RpcError {
  try {
    isorpcProtocol.decodeFrame(bytes);
  } catch (error) {
    expect(isRpcError(error)).toBe(true);
    return error as RpcError;
  }
  throw new Error('expected decodeFrame to throw');
}

describe('isorpc binary frames', () => {
  test('round-trip every header field, the method, metadata and body', () => {
    const decoded = isorpcProtocol.decodeFrame(encode());
    expect({ ...decoded, body: Array.from(decoded.body as Uint8Array) }).toEqual({ ...request, body: [1, 2, 3] });
  });

  test('a frame without body or metadata is just the header and method', () => {
    const bytes = encode({ ...request, metadata: undefined, method: '' }, null);
    expect(bytes.length).toBe(HEADER_BYTES);
    const decoded = isorpcProtocol.decodeFrame(bytes);
    expect(decoded.body).toBeUndefined();
    expect(decoded.metadata).toBeUndefined();
  });

  test('forStream adds a big-endian length prefix in the same buffer', () => {
    const plain = encode();
    const streamed = isorpcProtocol.encodeFrame(request, Uint8Array.of(1, 2, 3), true);
    expect(new DataView(streamed.buffer, streamed.byteOffset).getUint32(0)).toBe(plain.length);
    expect(Array.from(streamed.subarray(4))).toEqual(Array.from(plain));
  });

  test('rejects truncated frames, bad magic, other versions, unknown types and unknown flags with PROTOCOL', () => {
    const good = encode();
    const mutate = (offset: number, value: number): Uint8Array => {
      const copy = good.slice();
      copy[offset] = value;
      return copy;
    };
    expect(decodeError(good.subarray(0, HEADER_BYTES - 1)).code).toBe('PROTOCOL');
    expect(decodeError(mutate(0, 0x00)).message).toContain('magic');
    expect(decodeError(mutate(2, 9)).message).toContain('version');
    expect(decodeError(mutate(3, 99)).message).toContain('frame type 99');
    expect(decodeError(mutate(4, 0x80)).message).toContain('flags');
  });

  test('rejects method and metadata lengths that run past the end', () => {
    const bytes = encode();
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    view.setUint32(16, 0xffffff);
    expect(decodeError(bytes).message).toContain('past the end');
    const truncatedEntry = encode();
    new DataView(truncatedEntry.buffer, truncatedEntry.byteOffset).setUint32(16, 3);
    expect(decodeError(truncatedEntry).code).toBe('PROTOCOL');
  });

  test('rejects invalid UTF-8 in the method name', () => {
    const bytes = encode({ ...request, method: 'ab', metadata: undefined });
    bytes[HEADER_BYTES] = 0xff;
    expect(decodeError(bytes).code).toBe('PROTOCOL');
  });

  test('a __proto__ metadata key never reaches a prototype', () => {
    const decoded = isorpcProtocol.decodeFrame(encode({ ...request, metadata: JSON.parse('{"__proto__":"x","ok":"1"}') }));
    expect(decoded.metadata).toEqual({ ok: '1' });
    expect(Object.getPrototypeOf(decoded.metadata)).toBe(Object.prototype);
  });

  test('random bytes only ever produce a frame or a PROTOCOL RpcError', () => {
    let seed = 12345;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 255;
    for (let round = 0; round < 2000; round++) {
      const bytes = Uint8Array.from({ length: random() % 64 }, random);
      if (round % 2 === 0 && bytes.length >= 4) bytes.set([0x49, 0x52, 1, 1 + (random() % 10)], 0);
      try {
        isorpcProtocol.decodeFrame(bytes);
      } catch (error) {
        expect((error as RpcError).code).toBe('PROTOCOL');
      }
    }
  });
});
