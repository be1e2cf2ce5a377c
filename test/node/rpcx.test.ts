// isorpc ↔ isorpc over rpcx, on TCP and on WebSocket: calls both ways, server push, metadata, auth,
// deadlines, serialize types, errors, heartbeats, replies out of order, and 70,000 calls on one
// connection (seq past 65,535).
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connect, createServer, decodeRpcxMessage, isRpcError, openRpcxClient, socketTransport, type Client, type RpcError, type Server, type Transport } from '../../platforms/entries/node.js';

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

let server: Server;
const addresses: Record<string, string> = {};
const notes: unknown[] = [];

beforeAll(async () => {
  server = createServer({ auth: (token) => (token === undefined || token === 'let-me-in' ? { user: token ?? 'anonymous' } : false) });
  server.register('Arith', {
    Mul: ({ A, B }: { A: number; B: number }) => ({ C: A * B }),
    Echo: (value: unknown) => value,
    Fail: (text: string) => {
      throw new Error(text);
    },
    Sleep: (ms: number) => new Promise((resolve) => setTimeout(() => resolve(ms), ms)),
  });
  server.handle('Arith.Note', (note: unknown) => {
    notes.push(note);
  });
  server.handle('Arith.Meta', (_arg, ctx) => {
    ctx.setResponseMetadata({ 'x-reply': 'yes' });
    return { metadata: ctx.metadata, remaining: ctx.remaining(), auth: ctx.peer.auth };
  });
  server.handle('Arith.Push', async (text: string, ctx) => {
    ctx.peer.notify('Notice.Hello', text);
    return ctx.peer.call('Client.Upper', text);
  });
  addresses.tcp = await server.listen('rpcx://127.0.0.1:0');
  addresses.ws = await server.listen('rpcx+ws://127.0.0.1:0');
});

afterAll(() => server.close());

test('listen() reports the bound addresses, the WebSocket one on rpcx\'s /_rpcx_ path', () => {
  expect(addresses.tcp).toMatch(/^rpcx:\/\/127\.0\.0\.1:\d+$/);
  expect(addresses.ws).toMatch(/^rpcx\+ws:\/\/127\.0\.0\.1:\d+\/_rpcx_$/);
});

describe.each(['tcp', 'ws'])('isorpc ↔ isorpc over rpcx on %s', (kind) => {
  let client: Client;
  beforeAll(async () => {
    client = await connect(addresses[kind] as `rpcx${string}`, { auth: 'let-me-in' });
  });
  afterAll(() => client.close());

  test('calls in msgpack, JSON and raw bytes', async () => {
    expect(await client.call('Arith.Mul', { A: 7, B: 8 })).toEqual({ C: 56 });
    const json = await connect(addresses[kind] as `rpcx${string}`, { serializeType: 'json', auth: 'let-me-in' });
    expect(await json.call('Arith.Echo', 'ünïcødé ✓ 日本')).toBe('ünïcødé ✓ 日本');
    json.close();
    const bytes = Uint8Array.of(0, 1, 2, 255);
    expect(await client.call('Arith.Echo', bytes)).toEqual(bytes);
  });

  test('errors: the handler\'s text as REMOTE, rpcx\'s routing texts as NOT_FOUND', async () => {
    expect(await rejection(client.call('Arith.Fail', 'divide by zero'))).toMatchObject({ code: 'REMOTE', message: 'divide by zero' });
    expect(await rejection(client.call('Arith.Nope'))).toMatchObject({ code: 'NOT_FOUND', message: "rpcx: can't find method Nope" });
    expect(await rejection(client.call('Nope.Mul'))).toMatchObject({ code: 'NOT_FOUND', message: "rpcx: can't find service Nope" });
  });

  test('metadata both ways, the deadline from the call\'s timeout, and the peer\'s auth', async () => {
    let replyMetadata: unknown;
    const reply = await client.call<{ metadata: unknown; remaining: number; auth: unknown }>('Arith.Meta', null, {
      metadata: { trace: 'abc-123', ünï: 'cödé ✓' },
      timeout: 5000,
      onMetadata: (metadata) => (replyMetadata = metadata),
    });
    expect(reply.metadata).toEqual({ trace: 'abc-123', ünï: 'cödé ✓' });
    expect(reply.remaining).toBeGreaterThan(0);
    expect(reply.remaining).toBeLessThanOrEqual(5000);
    expect(reply.auth).toEqual({ user: 'let-me-in' });
    expect(replyMetadata).toEqual({ 'x-reply': 'yes' });
    const untimed = await client.call<{ remaining: number }>('Arith.Meta', null, { timeout: 0 });
    expect(untimed.remaining).toBe(Number.POSITIVE_INFINITY); // no __ServerTimeout, no deadline
  });

  test('one-way requests reach the handler', async () => {
    const tag = `${kind}-${Math.random()}`;
    client.notify('Arith.Note', tag);
    expect(await client.call('Arith.Echo', 'after')).toBe('after');
    expect(notes).toContain(tag);
  });

  test('server push goes to the client\'s handle, and the server can call the client', async () => {
    const pushed = deferred<unknown>();
    client.handle('Notice.Hello', (text: unknown) => pushed.resolve(text));
    client.handle('Client.Upper', (text: string) => text.toUpperCase());
    expect(await client.call('Arith.Push', 'hi')).toBe('HI');
    expect(await pushed.promise).toBe('hi');
  });

  test('replies come back out of order, matched by seq', async () => {
    const order: string[] = [];
    await Promise.all([client.call('Arith.Sleep', 200).then(() => order.push('slow')), client.call('Arith.Mul', { A: 1, B: 1 }).then(() => order.push('fast'))]);
    expect(order).toEqual(['fast', 'slow']);
  });

  test('ping is an rpcx heartbeat; a timeout rejects and leaves nothing pending', async () => {
    expect(await client.ping()).toBeGreaterThanOrEqual(0);
    expect((await rejection(client.call('Arith.Sleep', 2000, { timeout: 50 }))).code).toBe('TIMEOUT');
    expect(client.pendingCalls).toBe(0);
  });

  test('credentials the auth hook refuses get UNAUTHENTICATED', async () => {
    const intruder = await connect(addresses[kind] as `rpcx${string}`, { auth: 'wrong' });
    expect((await rejection(intruder.call('Arith.Mul', { A: 1, B: 1 }))).code).toBe('UNAUTHENTICATED');
    intruder.close();
  });
});

test('an argument msgpack cannot carry is BAD_REQUEST, and the connection stays usable', async () => {
  const client = await connect(addresses.tcp as `rpcx${string}`);
  expect((await rejection(client.call('Arith.Echo', Symbol('x') as unknown))).code).toBe('BAD_REQUEST');
  expect(await client.call('Arith.Echo', 'still here')).toBe('still here');
  client.close();
});

test('70,000 calls on one connection: seq passes 65,535 and every reply matches its call', async () => {
  let highest = 0n;
  const socket = net.connect(Number(new URL(addresses.tcp!).port), '127.0.0.1');
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const inner = socketTransport(socket);
  const watched: Transport = {
    kind: inner.kind,
    remoteAddress: inner.remoteAddress,
    start: (sink) => inner.start(sink),
    close: () => inner.close(),
    send(data) {
      const seq = decodeRpcxMessage(data as Uint8Array).seq;
      if (seq > highest) highest = seq;
      inner.send(data);
    },
  };
  const client = await openRpcxClient(watched, { auth: 'let-me-in' });
  const total = 70_000;
  for (let start = 0; start < total; start += 2000) {
    const batch = Array.from({ length: 2000 }, (_, i) => start + i);
    const replies = await Promise.all(batch.map((n) => client.call<{ C: number }>('Arith.Mul', { A: n, B: 3 })));
    replies.forEach((reply, i) => expect(reply.C).toBe(batch[i]! * 3));
  }
  expect(highest).toBeGreaterThan(65_535n);
  client.close();
}, 120_000);

test('the Node WebSocket client sends an Origin (rpcx refuses handshakes without one)', async () => {
  const strict = createServer();
  strict.handle('Arith.Echo', (value: unknown) => value);
  const address = await strict.listen('rpcx+ws://127.0.0.1:0', { allowedOrigins: ['https://app.example'] });
  const client = await connect(address as `rpcx${string}`, { origin: 'https://app.example' });
  expect(await client.call('Arith.Echo', 'ok')).toBe('ok');
  client.close();
  expect((await rejection(connect(address as `rpcx${string}`, { origin: 'https://elsewhere.example' }))).code).toBe('UNAVAILABLE');
  await strict.close();
});
