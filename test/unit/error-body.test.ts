// What a handler's thrown value becomes for the caller (calls/error-body.ts): always REMOTE, with the
// thrown value's message, code and data, whatever was thrown.
import { describe, expect, test } from 'vitest';
import { toRemoteError } from '../../src/calls/error-body.js';
import { RpcError } from '../../src/errors.js';

describe('toRemoteError', () => {
  test('an Error keeps its message, and its code and data become remoteCode and data', () => {
    const thrown = Object.assign(new Error('out of stock'), { code: 'E_STOCK', data: { sku: 7 } });
    expect(toRemoteError(thrown)).toMatchObject({ code: 'REMOTE', message: 'out of stock', remoteCode: 'E_STOCK', data: { sku: 7 }, cause: thrown });
  });

  test('a thrown plain object says its message, not [object Object]', () => {
    expect(toRemoteError({ code: 'E_PLAIN', message: 'plain message', data: [1] })).toMatchObject({ code: 'REMOTE', message: 'plain message', remoteCode: 'E_PLAIN', data: [1] });
    expect(toRemoteError({ code: 404 }).message).toBe('[object Object]');
  });

  test('a thrown string, number or null becomes the message', () => {
    expect(toRemoteError('plain string')).toMatchObject({ code: 'REMOTE', message: 'plain string', remoteCode: undefined });
    expect(toRemoteError(42).message).toBe('42');
    expect(toRemoteError(null).message).toBe('null');
  });

  test("an RpcError keeps its code as remoteCode, so the caller can tell it from its own", () => {
    expect(toRemoteError(new RpcError('PERMISSION_DENIED', 'nope'))).toMatchObject({ code: 'REMOTE', remoteCode: 'PERMISSION_DENIED', message: 'nope' });
    expect(toRemoteError(new RpcError('REMOTE', 'passed on', { remoteCode: 'E_INNER' }))).toMatchObject({ code: 'REMOTE', remoteCode: 'E_INNER' });
  });
});
