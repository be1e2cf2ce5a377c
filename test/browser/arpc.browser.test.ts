// The browser-safe isorpc/arpc entry inside Chromium: connectArpc() dials arpc+ws:// with the page's
// WebSocket and talks to the Node server started by arpc-server.global-setup.ts, both directions.
import { expect, inject, test } from 'vitest';
import { connectArpc, isRpcError, type RpcError } from '../../platforms/entries/arpc.js';

async function rejection(promise: Promise<unknown>): Promise<RpcError> {
  const error = await promise.then(
    () => new Error('expected a rejection'),
    (reason: unknown) => reason,
  );
  expect(isRpcError(error), String(error)).toBe(true);
  return error as RpcError;
}

test('Chromium calls an arpc+ws:// server, is called back on the same connection, and sees errors typed', async () => {
  const client = await connectArpc(inject('arpcWsAddress'));
  expect(await client.call('/mul', { A: 7, B: 8 })).toEqual({ C: 56 });
  expect(await client.call('Contract.echo', 'héllo ✓ 日本語 🚀')).toBe('héllo ✓ 日本語 🚀');
  const bytes = Uint8Array.from({ length: 512 }, (_, i) => (i * 13) % 256);
  expect(Array.from(await client.call<Uint8Array>('Contract.reverseBytes', bytes, { decode: 'bytes' }))).toEqual(Array.from(bytes).reverse());
  client.handle('/client/ping', (text: string) => `pong:${text}`);
  expect(await client.call('/callback', 'cb-1')).toBe('callback:pong:cb-1');
  expect(await rejection(client.call('Contract.fail', 'no luck'))).toMatchObject({ code: 'REMOTE', message: 'no luck' });
  expect((await rejection(client.call('/no/such/route'))).code).toBe('NOT_FOUND');
  expect(await client.ping()).toBeGreaterThanOrEqual(0);
  client.close();
  expect((await rejection(client.call('/mul', { A: 1, B: 1 }))).code).toBe('CLOSED');
});

test('connectArpc refuses addresses it cannot dial from a browser, naming what it can', async () => {
  const error = await rejection(connectArpc('arpc://127.0.0.1:1'));
  expect(error.code).toBe('UNAVAILABLE');
  expect(error.message).toContain('arpc+ws');
});
