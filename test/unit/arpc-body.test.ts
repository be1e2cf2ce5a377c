// arpc bodies: what goes raw and what goes as JSON, and how each decoding reads them back.
import { describe, expect, test } from 'vitest';
import { decodeArpcBody, encodeArpcBody, isRpcError, type ArpcBodyDecoding } from '../../src/internal.js';

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const bytesOf = (s: string): Uint8Array => new TextEncoder().encode(s);

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return isRpcError(error) ? error.code : `not an RpcError: ${String(error)}`;
  }
  return undefined;
}

describe('encodeArpcBody', () => {
  test('a string goes as its UTF-8 bytes and a Uint8Array as is, like a Go string / []byte', () => {
    expect(text(encodeArpcBody('héllo'))).toBe('héllo');
    const raw = Uint8Array.of(0, 255, 7);
    expect(encodeArpcBody(raw)).toBe(raw);
    expect(encodeArpcBody(undefined).byteLength).toBe(0);
  });

  test('anything else goes as JSON, nested binary as base64 (Go encoding/json)', () => {
    expect(text(encodeArpcBody({ A: 7, B: 8 }))).toBe('{"A":7,"B":8}');
    expect(text(encodeArpcBody(42))).toBe('42');
    expect(text(encodeArpcBody(null))).toBe('null');
    expect(text(encodeArpcBody({ data: Uint8Array.of(1, 2, 3) }))).toBe('{"data":"AQID"}');
  });

  test('what JSON cannot carry is BAD_REQUEST', () => {
    expect(codeOf(() => encodeArpcBody({ fn: () => 1 }))).toBe('BAD_REQUEST');
    expect(codeOf(() => encodeArpcBody(10n))).toBe('BAD_REQUEST');
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(codeOf(() => encodeArpcBody(cycle))).toBe('BAD_REQUEST');
  });
});

describe('decodeArpcBody', () => {
  const read = (body: string | Uint8Array, decoding: ArpcBodyDecoding): unknown => decodeArpcBody(typeof body === 'string' ? bytesOf(body) : body, decoding, 64);

  test("'auto' reads JSON, then UTF-8 text, then bytes; empty is undefined", () => {
    expect(read('{"C":56}', 'auto')).toEqual({ C: 56 });
    expect(read('56', 'auto')).toBe(56);
    expect(read('hello', 'auto')).toBe('hello');
    expect(read('true story', 'auto')).toBe('true story');
    expect(read(Uint8Array.of(0xff, 0x00), 'auto')).toEqual(Uint8Array.of(0xff, 0x00));
    expect(read('', 'auto')).toBeUndefined();
  });

  test("'text', 'bytes' and 'json' read exactly that way", () => {
    expect(read('56', 'text')).toBe('56');
    expect(read('', 'text')).toBe('');
    expect(read('{"a":1}', 'bytes')).toEqual(bytesOf('{"a":1}'));
    expect(read('[1,2]', 'json')).toEqual([1, 2]);
    expect(codeOf(() => read('hello', 'json'))).toBe('BAD_REQUEST');
    expect(codeOf(() => read(Uint8Array.of(0xff), 'text'))).toBe('BAD_REQUEST');
  });

  test('the bytes returned are a copy, not a view into the received chunk', () => {
    const chunk = Uint8Array.of(0xff, 1, 2);
    const out = decodeArpcBody(chunk, 'bytes', 64) as Uint8Array;
    chunk[1] = 9;
    expect(out[1]).toBe(1);
  });

  test('JSON nested deeper than maxDepth is BAD_REQUEST, prototype keys are dropped', () => {
    expect(codeOf(() => decodeArpcBody(bytesOf('['.repeat(100) + ']'.repeat(100)), 'auto', 64))).toBe('BAD_REQUEST');
    const parsed = read('{"__proto__":{"polluted":true},"ok":1}', 'json') as Record<string, unknown>;
    expect(parsed.ok).toBe(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });
});
