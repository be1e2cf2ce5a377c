import { describe, expect, test } from 'vitest';
import { errorFromGoText, goNotFoundText } from '../../src/internal.js';
import { encodeBase64 } from '../../src/codec/base64.js';
import { parseJsonText, stringifyJson } from '../../src/codec/json-text.js';

describe('Go net/rpc error strings', () => {
  test("not-found errors use Go's exact text, telling an unknown service from an unknown method", () => {
    const methods = ['Arith.Divide', 'Arith.Multiply', '/echo'];
    expect(goNotFoundText('Arith.Add', methods)).toBe("rpc: can't find method Arith.Add");
    expect(goNotFoundText('Nope.Add', methods)).toBe("rpc: can't find service Nope.Add");
    expect(goNotFoundText('nodot', methods)).toBe('rpc: service/method request ill-formed: nodot');
  });

  test.each([
    ["rpc: can't find service Nope.Add", 'NOT_FOUND'],
    ["rpc: can't find method Arith.Add", 'NOT_FOUND'],
    ['rpc: service/method request ill-formed: x', 'NOT_FOUND'],
    ['jsonrpc: request body missing params', 'BAD_REQUEST'],
    ['json: cannot unmarshal string into Go value of type main.Args', 'BAD_REQUEST'],
    ['divide by zero', 'REMOTE'],
  ])('%s is %s, with the string as message', (text, code) => {
    expect(errorFromGoText(text)).toMatchObject({ code, message: text });
  });
});

describe('JSON text for the JSON protocols', () => {
  test('binary becomes base64 like a Go []byte, a Node Buffer included', () => {
    for (const length of [0, 1, 2, 3, 4, 5, 255]) {
      const data = Uint8Array.from({ length }, (_, i) => (i * 97) & 255);
      expect(encodeBase64(data)).toBe(Buffer.from(data).toString('base64'));
    }
    expect(stringifyJson({ b: Buffer.from([1, 2, 3]), u: Uint8Array.of(255) })).toBe('{"b":"AQID","u":"/w=="}');
  });

  test('values JSON cannot carry throw a TypeError', () => {
    expect(() => stringifyJson(10n)).toThrow(TypeError);
    expect(() => stringifyJson(undefined)).toThrow(TypeError);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => stringifyJson(cycle)).toThrow(TypeError);
  });

  test('parsing drops __proto__ and constructor.prototype keys', () => {
    const parsed = parseJsonText('{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"kept":1}');
    expect(parsed).toEqual({ kept: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
