// isorpc ↔ isorpc over arpc, on TCP (arpc://) and WebSocket (arpc+ws://): calls both ways, notify
// both ways, errors, body decodings, ping, 70,000 calls on one connection, out-of-order replies, and
// client-side timeouts and cancellation (arpc carries no deadline: the handler is not told).
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { connect, createServer, isRpcError, type ArpcClient, type RpcError, type Server } from '../../platforms/entries/node.js';

async function rejection(promise: Promise<unknown>): Promise<RpcError> {
  const error = await promise.then(
    () => new Error('expected a rejection'),
    (reason: unknown) => reason,
  );
  expect(isRpcError(error), String(error)).toBe(true);
  return error as RpcError;
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

describe.each([
  ['TCP', 'arpc://127.0.0.1:0'],
  ['WebSocket', 'arpc+ws://127.0.0.1:0/arpc'],
])('arpc over %s, isorpc on both ends', (_name, listenAddress) => {
  let server: Server;
  let client: ArpcClient;
  const notes: unknown[] = [];

  beforeEach(async () => {
    notes.length = 0;
    server = createServer();
    server.handle('/echo', (arg: unknown) => arg);
    server.handle('/note', (arg: unknown) => void notes.push(arg));
    server.register('Arith', { mul: ({ A, B }: { A: number; B: number }) => ({ C: A * B }) });
    server.handle('/fail', (text: string) => {
      throw new Error(`handler says ${text}`);
    });
    server.handle('/slow', (ms: number) => new Promise((resolve) => setTimeout(() => resolve(`slow ${ms}`), ms)));
    server.handle('/ask-client', async (question: string, ctx) => `client answered: ${await ctx.peer.call<string>('/client/answer', question)}`);
    server.handle('/tell-client', (text: string, ctx) => {
      ctx.peer.notify('/client/told', text);
      return 'told';
    });
    const address = await server.listen(listenAddress);
    expect(address).toMatch(/^arpc(\+ws)?:\/\/127\.0\.0\.1:\d+/);
    client = await connect(address as `arpc://${string}`);
  });

  afterEach(async () => {
    client.close();
    await server.close();
  });

  test('strings, bytes and JSON values travel and come back as they went', async () => {
    expect(await client.call('/echo', 'héllo ✓ 日本語 🚀')).toBe('héllo ✓ 日本語 🚀');
    expect(await client.call('Arith.mul', { A: 7, B: 8 })).toEqual({ C: 56 });
    expect(await client.call('/echo', [1, { two: null }])).toEqual([1, { two: null }]);
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) % 256);
    expect(await client.call('/echo', bytes, { decode: 'bytes' })).toEqual(bytes);
    expect(await client.call('/echo')).toBeUndefined();
  });

  test("a per-call decode reads the reply that way: '42' as text stays a string", async () => {
    expect(await client.call('/echo', '42')).toBe(42);
    expect(await client.call('/echo', '42', { decode: 'text' })).toBe('42');
    expect((await rejection(client.call('/echo', 'plain', { decode: 'json' }))).code).toBe('BAD_REQUEST');
    expect((await rejection(client.call('/echo', 1, { decode: 'yaml' as 'json' }))).code).toBe('BAD_REQUEST');
  });

  test('a handler error is REMOTE with its text; an unknown route is NOT_FOUND naming it; the connection stays', async () => {
    expect(await rejection(client.call('/fail', 'no'))).toMatchObject({ code: 'REMOTE', message: 'handler says no' });
    const missing = await rejection(client.call('/no/such/route', 'x'));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toContain('/no/such/route');
    expect(await client.call('/echo', 'still here')).toBe('still here');
  });

  test('the server calls and notifies the client on the same connection, mid-call', async () => {
    client.handle('/client/answer', (question: string) => `yes to ${question}`);
    const told = deferred<string>();
    client.handle('/client/told', (text: string) => told.resolve(text));
    expect(await client.call('/ask-client', 'tea?')).toBe('client answered: yes to tea?');
    expect(await client.call('/tell-client', 'news')).toBe('told');
    expect(await told.promise).toBe('news');
  });

  test('client notifications reach the handler in order', async () => {
    client.notify('/note', 'one');
    client.notify('/note', { two: 2 });
    await client.call('/echo', 'sync'); // handled after the notes on the same ordered connection
    expect(notes).toEqual(['one', { two: 2 }]);
  });

  test('ping sends a Ping and resolves on the Pong', async () => {
    expect(await client.ping()).toBeGreaterThanOrEqual(0);
  });

  test('replies may come out of order: a fast call overtakes a slow one', async () => {
    const order: string[] = [];
    const slow = client.call<string>('/slow', 300).then((reply) => order.push(reply));
    const fast = client.call<string>('/echo', 'fast').then((reply) => order.push(reply));
    await Promise.all([slow, fast]);
    expect(order).toEqual(['fast', 'slow 300']);
  });

  test('timeouts and cancellation are the caller’s own and leave nothing pending', async () => {
    expect((await rejection(client.call('/slow', 2000, { timeout: 30 }))).code).toBe('TIMEOUT');
    const controller = new AbortController();
    const cancelled = rejection(client.call('/slow', 2000, { signal: controller.signal }));
    controller.abort();
    expect((await cancelled).code).toBe('CANCELLED');
    expect(client.pendingCalls).toBe(0);
    expect(await client.call('/echo', 'after')).toBe('after');
  });

  test('70,000 calls on one connection (seq well past 65,535) all settle with the right replies', async () => {
    for (let batch = 0; batch < 7; batch++) {
      const replies = await Promise.all(Array.from({ length: 10_000 }, (_, i) => client.call<{ C: number }>('Arith.mul', { A: batch * 10_000 + i, B: 2 })));
      expect(replies.filter((reply, i) => reply.C !== (batch * 10_000 + i) * 2)).toEqual([]);
    }
    expect(client.pendingCalls).toBe(0);
  }, 120_000);

  test('an argument JSON cannot carry is BAD_REQUEST before anything is sent', async () => {
    expect((await rejection(client.call('/echo', { fn: () => 1 }))).code).toBe('BAD_REQUEST');
    expect((await rejection(client.call('/' + 'x'.repeat(200)))).code).toBe('BAD_REQUEST');
    expect(await client.call('/echo', 'fine')).toBe('fine');
  });

  test('close() rejects pending calls with CLOSED; the server serves other clients on', async () => {
    const other = await connect(server.addresses[0]! as `arpc://${string}`);
    const lost = rejection(client.call('/slow', 5000));
    client.close();
    expect((await lost).code).toBe('CLOSED');
    expect(await other.call('Arith.mul', { A: 6, B: 7 })).toEqual({ C: 42 });
    other.close();
  });
});

test('an absent argument reaches the handler as undefined (an empty body); the string "null" needs decode: text', async () => {
  const server = createServer();
  server.handle('/type', (arg: unknown) => (arg === undefined ? 'undefined' : arg === null ? 'null' : typeof arg));
  const client = await connect((await server.listen('arpc://127.0.0.1:0')) as `arpc://${string}`);
  expect(await client.call('/type', undefined, { decode: 'text' })).toBe('undefined');
  expect(await client.call('/type', null, { decode: 'text' })).toBe('null');
  expect(await client.call('/type', null)).toBeNull(); // 'auto' reads the raw text null as JSON
  client.close();
  await server.close();
});
