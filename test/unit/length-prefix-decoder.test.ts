import { describe, expect, test } from 'vitest';
import { createLengthPrefixDecoder, isRpcError, type RpcError } from '../../src/internal.js';

function prefixed(...messages: number[][]): Uint8Array {
  const parts = messages.flatMap((body) => [(body.length >>> 24) & 255, (body.length >>> 16) & 255, (body.length >>> 8) & 255, body.length & 255, ...body]);
  return Uint8Array.from(parts);
}

function thrown(run: () => unknown): RpcError {
  try {
    run();
  } catch (error) {
    expect(isRpcError(error)).toBe(true);
    return error as RpcError;
  }
  throw new Error('expected a throw');
}

const messages = [[1, 2, 3], [4], Array.from({ length: 300 }, (_, i) => i & 255), [9, 9]];

describe('length-prefix stream decoder', () => {
  test('decodes several messages from one chunk, as views without copies', () => {
    const stream = prefixed(...messages);
    const decoded = createLengthPrefixDecoder(1024).decode(stream);
    expect(decoded.map((m) => Array.from(m))).toEqual(messages);
    expect(decoded[0]!.buffer).toBe(stream.buffer);
  });

  test('decodes the same messages fed one byte at a time', () => {
    const decoder = createLengthPrefixDecoder(1024);
    const out: number[][] = [];
    for (const byte of prefixed(...messages)) {
      for (const message of decoder.decode(Uint8Array.of(byte))) out.push(Array.from(message));
    }
    expect(out).toEqual(messages);
    expect(decoder.bufferedBytes).toBe(0);
  });

  test('decodes the same messages across every split point of the stream', () => {
    const stream = prefixed(...messages);
    for (let cut = 1; cut < stream.length; cut++) {
      const decoder = createLengthPrefixDecoder(1024);
      const out = [...decoder.decode(stream.subarray(0, cut)), ...decoder.decode(stream.subarray(cut))].map((m) => Array.from(m));
      expect(out, `split at ${cut}`).toEqual(messages);
    }
  });

  test('keeps a half message buffered until the rest arrives', () => {
    const decoder = createLengthPrefixDecoder(1024);
    const stream = prefixed([1, 2, 3, 4, 5, 6]);
    expect(decoder.decode(stream.subarray(0, 7))).toEqual([]);
    expect(decoder.bufferedBytes).toBe(3);
    expect(decoder.decode(stream.subarray(7)).map((m) => Array.from(m))).toEqual([[1, 2, 3, 4, 5, 6]]);
  });

  test('refuses a 4 GiB length prefix with FRAME_TOO_LARGE before allocating', () => {
    const decoder = createLengthPrefixDecoder(16 * 1024 * 1024);
    const error = thrown(() => decoder.decode(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 1, 2, 3)));
    expect(error.code).toBe('FRAME_TOO_LARGE');
    expect(error.message).toContain('4294967295');
    expect(decoder.bufferedBytes).toBe(0);
    // The stream is unusable from then on.
    expect(thrown(() => decoder.decode(prefixed([1]))).code).toBe('FRAME_TOO_LARGE');
  });

  test('refuses an oversized prefix that arrives one byte at a time', () => {
    const decoder = createLengthPrefixDecoder(100);
    decoder.decode(Uint8Array.of(0));
    decoder.decode(Uint8Array.of(0));
    decoder.decode(Uint8Array.of(0));
    expect(thrown(() => decoder.decode(Uint8Array.of(101))).code).toBe('FRAME_TOO_LARGE');
  });

  test('accepts a message of exactly the limit', () => {
    const body = Array.from({ length: 100 }, () => 7);
    expect(createLengthPrefixDecoder(100).decode(prefixed(body))[0]!.length).toBe(100);
  });

  test('refuses an empty message with PROTOCOL', () => {
    expect(thrown(() => createLengthPrefixDecoder(100).decode(Uint8Array.of(0, 0, 0, 0))).code).toBe('PROTOCOL');
  });
});
