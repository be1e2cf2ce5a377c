import { describe, expect, test } from 'vitest';
import { classifyMessage, errorResponse, resultResponse } from '../../src/protocols/jsonrpc/messages.js';
import { argToParams, paramsToArg } from '../../src/protocols/jsonrpc/params.js';
import { fromJsonRpcError, JsonRpcErrorCode, RpcError, toJsonRpcError } from '../../src/internal.js';

describe('JSON-RPC 2.0 message classification', () => {
  test.each([
    [{ jsonrpc: '2.0', method: 'A.b', params: [1], id: 1 }, { kind: 'request', method: 'A.b', params: [1], id: 1 }],
    [{ jsonrpc: '2.0', method: 'A.b', id: 'x' }, { kind: 'request', method: 'A.b', params: undefined, id: 'x' }],
    [{ jsonrpc: '2.0', method: 'A.b', params: { a: 1 }, id: null }, { kind: 'request', method: 'A.b', params: { a: 1 }, id: null }],
    [{ jsonrpc: '2.0', method: 'A.b', params: { a: 1 } }, { kind: 'notification', method: 'A.b', params: { a: 1 } }],
    [{ jsonrpc: '2.0', result: 7, id: 3 }, { kind: 'response', id: 3, result: 7, error: undefined }],
    [{ result: 7, id: 3 }, { kind: 'response', id: 3, result: 7, error: undefined }],
    [{ jsonrpc: '2.0', error: { code: -32601, message: 'nope' }, id: 4 }, { kind: 'response', id: 4, result: undefined, error: { code: -32601, message: 'nope' } }],
  ])('%j is a %s', (message, expected) => {
    expect(classifyMessage(message)).toEqual(expected);
  });

  test.each([
    [1, null],
    ['text', null],
    [{ foo: 'bar' }, null],
    [{ jsonrpc: '2.0', id: 9 }, 9],
    [{ method: 'A.b', id: 5 }, 5],
    [{ jsonrpc: '1.0', method: 'A.b', id: 5 }, 5],
    [{ jsonrpc: '2.0', method: 1, params: 'bar', id: 6 }, 6],
    [{ jsonrpc: '2.0', method: 'A.b', params: 'bar', id: 7 }, 7],
    [{ jsonrpc: '2.0', method: 'A.b', params: null, id: 8 }, 8],
    [{ jsonrpc: '2.0', method: 'A.b', id: { no: 1 } }, null],
  ])('%j is invalid, answered with id %j', (message, id) => {
    const input = classifyMessage(message);
    expect(input.kind).toBe('invalid');
    expect(input).toMatchObject({ id });
  });

  test('responses: result is required (undefined becomes null), data is left out when absent', () => {
    expect(resultResponse(1, undefined)).toEqual({ jsonrpc: '2.0', id: 1, result: null });
    expect(errorResponse('a', { code: 1, message: 'm' })).toEqual({ jsonrpc: '2.0', id: 'a', error: { code: 1, message: 'm' } });
  });
});

describe('params ↔ handler argument', () => {
  test.each([[{ a: 7, b: 8 }], ['text'], [42], [null], [true], [[1, 2, 3]], [[5]], [[]], [[[1]]]])('an isorpc client round-trips %j exactly', (arg) => {
    const params = argToParams(arg);
    expect(Array.isArray(params) || (typeof params === 'object' && params !== null)).toBe(true);
    expect(paramsToArg(JSON.parse(JSON.stringify(params)))).toEqual(arg);
  });

  test('undefined sends no params and arrives as undefined', () => {
    expect(argToParams(undefined)).toBeUndefined();
    expect(paramsToArg(undefined)).toBeUndefined();
  });

  test('foreign positional params: [] is no argument, [x] is x, longer lists stay lists', () => {
    expect(paramsToArg([])).toBeUndefined();
    expect(paramsToArg([{ A: 7 }])).toEqual({ A: 7 });
    expect(paramsToArg([7, 8])).toEqual([7, 8]);
  });

  test('a Date or binary argument travels by position, not as by-name params', () => {
    expect(argToParams(new Date(0))).toEqual([new Date(0)]);
    expect(argToParams(Uint8Array.of(1))).toEqual([Uint8Array.of(1)]);
  });
});

describe('error mapping', () => {
  test.each([
    ['NOT_FOUND', -32601],
    ['BAD_REQUEST', -32602],
    ['PROTOCOL', -32700],
    ['INTERNAL', -32603],
    ['FRAME_TOO_LARGE', -32600],
    ['TIMEOUT', -32603],
  ] as const)('%s is sent as %i', (code, jsonCode) => {
    expect(toJsonRpcError(new RpcError(code, 'why'))).toEqual({ code: jsonCode, message: 'why' });
  });

  test('a handler error keeps its integer code and data; other codes become -32000', () => {
    expect(toJsonRpcError(new RpcError('REMOTE', 'divide by zero', { remoteCode: 42, data: { a: 1 } }))).toEqual({ code: 42, message: 'divide by zero', data: { a: 1 } });
    expect(toJsonRpcError(new RpcError('REMOTE', 'x', { remoteCode: 'E_STRING' }))).toEqual({ code: JsonRpcErrorCode.ServerError, message: 'x' });
    expect(toJsonRpcError(new RpcError('REMOTE', 'x', { remoteCode: 1.5 })).code).toBe(-32000);
  });

  test.each([
    [-32601, 'NOT_FOUND'],
    [-32602, 'BAD_REQUEST'],
    [-32600, 'BAD_REQUEST'],
    [-32700, 'PROTOCOL'],
    [-32603, 'INTERNAL'],
    [-32000, 'REMOTE'],
    [42, 'REMOTE'],
  ])('a received %i becomes %s with remoteCode and data', (jsonCode, code) => {
    const error = fromJsonRpcError({ code: jsonCode, message: 'm', data: [1] });
    expect(error).toMatchObject({ code, remoteCode: jsonCode, message: 'm', data: [1] });
  });
});
