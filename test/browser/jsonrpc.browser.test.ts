// The JSON-RPC 2.0 clients of the browser-safe isorpc/jsonrpc entry, inside Chromium: over the browser's WebSocket
// and over fetch to a cross-origin HTTP endpoint (CORS preflights included), against the Node
// servers started by jsonrpc-server.global-setup.ts.
import { describe, expect, inject, test } from 'vitest';
import { connect, isRpcError, type JsonRpcClient, type RpcError } from '../../platforms/entries/jsonrpc.js';

async function rejection(promise: Promise<unknown>): Promise<RpcError> {
  const error = await promise.then(
    () => new Error('expected a rejection'),
    (reason: unknown) => reason,
  );
  expect(isRpcError(error), String(error)).toBe(true);
  return error as RpcError;
}

async function eventually<T>(read: () => Promise<T | null>): Promise<T> {
  for (let waited = 0; waited < 2000; waited += 20) {
    const value = await read();
    if (value !== null) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('nothing within 2 s');
}

describe.each([
  ['WebSocket', () => inject('jsonRpcWsAddress')],
  ['HTTP (fetch, cross-origin)', () => inject('jsonRpcHttpAddress')],
])('JSON-RPC 2.0 from Chromium over %s', (_name, address) => {
  const open = (): Promise<JsonRpcClient> => connect(address() as `jsonrpc+${string}`);

  test('calls, application errors and unknown methods', async () => {
    const client = await open();
    expect(await client.call('Contract.add', { a: 40, b: 2 })).toBe(42);
    expect(await client.call('Contract.echo', 'ünïcødé ✓ 日本')).toBe('ünïcødé ✓ 日本');
    expect(await rejection(client.call('Contract.fail', 'no luck'))).toMatchObject({ code: 'REMOTE', message: 'no luck', remoteCode: -32000, data: { detail: 42 } });
    expect(await rejection(client.call('Contract.nope'))).toMatchObject({ code: 'NOT_FOUND', remoteCode: -32601 });
    client.close();
  });

  test('batches and notifications', async () => {
    const client = await open();
    const tag = `browser-${Date.now()}-${Math.random()}`;
    const results = await client.batch([
      { method: 'Contract.add', arg: { a: 1, b: 2 } },
      { method: 'Contract.record', arg: tag, notify: true },
      { method: 'Contract.nope' },
    ]);
    expect(results[0]!.reply).toBe(3);
    expect(results[2]!.error?.code).toBe('NOT_FOUND');
    client.notify('Contract.record', `${tag}-2`);
    const seen = await eventually(async () => {
      const mine = (await client.call<string[]>('Contract.notified')).filter((entry) => entry.startsWith(tag));
      return mine.length === 2 ? mine : null;
    });
    expect(seen.sort()).toEqual([tag, `${tag}-2`]);
    client.close();
  });

  test('a timeout rejects with TIMEOUT and nothing stays pending', async () => {
    const client = await open();
    const id = `timeout-${Date.now()}-${Math.random()}`;
    expect((await rejection(client.call('Contract.slow', { ms: 10_000, id }, { timeout: 50 }))).code).toBe('TIMEOUT');
    expect(client.pendingCalls).toBe(0);
    client.close();
  });
});

test('over HTTP, metadata headers pass the CORS preflight and reach the handler, with the deadline', async () => {
  const client = await connect(inject('jsonRpcHttpAddress') as `jsonrpc+${string}`);
  expect(await client.call('Contract.metadata', null, { metadata: { trace: 'abc-123', user: 'ünï' } })).toEqual({ trace: 'abc-123', user: 'ünï' });
  const remaining = await client.call<number>('Contract.remaining', null, { timeout: 5000 });
  expect(remaining).toBeGreaterThan(0);
  expect(remaining).toBeLessThanOrEqual(5000);
  // Aborting the fetch reaches the handler, whose signal fires.
  const id = `cancel-${Date.now()}-${Math.random()}`;
  const controller = new AbortController();
  const call = rejection(client.call('Contract.slow', { ms: 10_000, id }, { signal: controller.signal }));
  setTimeout(() => controller.abort(), 50);
  expect((await call).code).toBe('CANCELLED');
  expect(await eventually(() => client.call<string | null>('Contract.abortedWith', { id }))).toBe('CLOSED');
  client.close();
});
