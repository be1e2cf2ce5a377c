// The browser-safe isorpc/rpcx client inside Chromium, dialing rpcx+ws:// on the Node server that
// rpcx-server.global-setup.ts started: calls in msgpack and JSON, errors, metadata, server push
// (gzipped, inflated with DecompressionStream) and a server-to-client call.
import { expect, inject, test } from 'vitest';
import { isRpcError } from '../../platforms/entries/index.js';
import { connectRpcx } from '../../platforms/entries/rpcx.js';

test('rpcx+ws:// from the page: calls, errors, gzipped server push and a call back to the page', async () => {
  const client = await connectRpcx(inject('rpcxWsAddress'));
  expect(await client.call('Arith.Mul', { A: 7, B: 8 })).toEqual({ C: 56 });
  const json = await connectRpcx(inject('rpcxWsAddress'), { serializeType: 'json' });
  expect(await json.call('Arith.Echo', 'ünïcødé ✓ 日本')).toBe('ünïcødé ✓ 日本');
  json.close();

  const failure = await client.call('Arith.Fail', 'no luck').catch((error: unknown) => error);
  expect(isRpcError(failure) && failure.code === 'REMOTE' && failure.message === 'no luck').toBe(true);
  const missing = await client.call('Nope.Mul').catch((error: unknown) => error);
  expect(isRpcError(missing) && missing.code).toBe('NOT_FOUND');

  let pushed: unknown;
  client.handle('Notice.Big', (text: unknown) => {
    pushed = text;
  });
  client.handle('Client.Upper', (text: string) => text.toUpperCase());
  expect(await client.call('Arith.Push', 'abc')).toBe('ABC');
  await expect.poll(() => pushed).toBe('abc'.repeat(2000));
  client.close();
});

test('connectRpcx refuses addresses it cannot dial from a browser', async () => {
  const error = await connectRpcx('rpcx://127.0.0.1:8972').catch((reason: unknown) => reason);
  expect(isRpcError(error) && error.code).toBe('UNAVAILABLE');
});
