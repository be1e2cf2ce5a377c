// Hostile and malformed input against the JSON-RPC 2.0 listeners (TCP, WebSocket, HTTP): every bad
// message gets the standard error code and the connection stays usable; nothing crashes the server,
// and a well-behaved client keeps being served.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { connect, createServer, MAX_BATCH_LENGTH, parseAddress, type JsonRpcClient, type Server } from '../../platforms/entries/node.js';
import { rawJsonPeer, type RawJsonPeer } from './raw-json-peer.js';

const MAX_FRAME = 64 * 1024;
let server: Server;
let tcpAddress: string;
let wsAddress: string;
let httpUrl: string;
let goodClient: JsonRpcClient;

beforeAll(async () => {
  server = createServer({ maxFrameSize: MAX_FRAME });
  server.register('Arith', { add: ({ a, b }: { a: number; b: number }) => a + b });
  server.handle('Echo.value', (value: unknown) => value);
  tcpAddress = await server.listen('jsonrpc+tcp://127.0.0.1:0');
  wsAddress = await server.listen('jsonrpc+ws://127.0.0.1:0/rpc');
  const { port } = parseAddress(await server.listen('jsonrpc+http://127.0.0.1:0/rpc'));
  httpUrl = `http://127.0.0.1:${port}/rpc`;
  goodClient = await connect(tcpAddress as `jsonrpc+${string}`);
});

afterAll(async () => {
  goodClient.close();
  await server.close();
});

async function stillServing(): Promise<void> {
  expect(await goodClient.call('Arith.add', { a: 40, b: 2 })).toBe(42);
}

const request = (id: unknown, method: string, params?: unknown): string => `${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`;

describe('JSON-RPC over TCP', () => {
  let peer: RawJsonPeer;
  beforeAll(async () => {
    peer = await rawJsonPeer(tcpAddress);
  });
  afterAll(() => peer.destroy());

  test('malformed JSON is a -32700 parse error with id null; the next request is answered', async () => {
    peer.write('{"jsonrpc":"2.0","method": nope}\n');
    expect(await peer.next()).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
    peer.write(request(1, 'Arith.add', { a: 1, b: 2 }));
    expect(await peer.next()).toEqual({ jsonrpc: '2.0', id: 1, result: 3 });
  });

  test('text that is not JSON at all, and invalid UTF-8, are parse errors too', async () => {
    peer.write('hello there\n');
    expect(await peer.next()).toMatchObject({ id: null, error: { code: -32700 } });
    expect(await peer.next()).toMatchObject({ id: null, error: { code: -32700 } });
    peer.write(Uint8Array.of(0x22, 0xff, 0xfe, 0x22, 0x0a));
    expect(await peer.next()).toMatchObject({ id: null, error: { code: -32700, message: expect.stringContaining('UTF-8') } });
  });

  test('a batch of garbage gets one -32600 per element', async () => {
    peer.write('[1, "x", {"foo": "bar"}]\n');
    const replies = (await peer.next()) as Array<{ id: unknown; error: { code: number } }>;
    expect(replies.map((reply) => [reply.id, reply.error.code])).toEqual([
      [null, -32600],
      [null, -32600],
      [null, -32600],
    ]);
  });

  test('an empty batch, and one longer than the limit, are refused whole with one -32600', async () => {
    peer.write('[]\n');
    expect(await peer.next()).toMatchObject({ id: null, error: { code: -32600 } });
    peer.write(`[${Array(MAX_BATCH_LENGTH + 1).fill('1').join(',')}]\n`);
    expect(await peer.next()).toMatchObject({ id: null, error: { code: -32600, message: expect.stringContaining(String(MAX_BATCH_LENGTH)) } });
  });

  test('an invalid request keeps its id; an unknown method is -32601 with a string id echoed', async () => {
    peer.write('{"jsonrpc":"2.0","method":1,"params":"bar","id":7}\n');
    expect(await peer.next()).toMatchObject({ id: 7, error: { code: -32600 } });
    peer.write(request('abc', 'Nope.method'));
    expect(await peer.next()).toMatchObject({ id: 'abc', error: { code: -32601, message: expect.stringContaining('Nope.method') } });
  });

  // That the splitter never buffers such a request is checked byte by byte in json-value-splitter.test.ts.
  test('a request over maxFrameSize is refused with -32600, and the stream resumes after it', async () => {
    const big = request(9, 'Echo.value', 'x'.repeat(4 * MAX_FRAME));
    for (let i = 0; i < big.length; i += 8192) peer.write(big.slice(i, i + 8192));
    expect(await peer.next()).toMatchObject({ id: null, error: { code: -32600, message: expect.stringContaining('over the limit') } });
    peer.write(request(10, 'Arith.add', { a: 2, b: 2 }));
    expect(await peer.next()).toMatchObject({ id: 10, result: 4 });
  });

  test('deeply nested JSON and __proto__ keys are handled without a crash or pollution', async () => {
    peer.write(`${'['.repeat(50_000)}${']'.repeat(50_000)}\n`);
    expect(await peer.next()).toBeDefined();
    peer.write('{"jsonrpc":"2.0","id":11,"method":"Echo.value","params":[{"__proto__":{"polluted":true},"kept":1}]}\n');
    expect(await peer.next()).toEqual({ jsonrpc: '2.0', id: 11, result: { kept: 1 } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await stillServing();
  });
});

describe('JSON-RPC over WebSocket', () => {
  async function open(): Promise<WebSocket> {
    const socket = new WebSocket(wsAddress.replace('jsonrpc+', ''));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return socket;
  }
  const nextMessage = (socket: WebSocket): Promise<unknown> => new Promise((resolve) => socket.once('message', (data) => resolve(JSON.parse(data.toString()))));

  test('answers text requests with text, garbage with -32700, and binary UTF-8 JSON too', async () => {
    const socket = await open();
    let reply = nextMessage(socket);
    socket.send('not json');
    expect(await reply).toMatchObject({ id: null, error: { code: -32700 } });
    reply = nextMessage(socket);
    socket.send(Buffer.from(request(1, 'Arith.add', { a: 1, b: 1 })));
    expect(await reply).toEqual({ jsonrpc: '2.0', id: 1, result: 2 });
    socket.close();
  });

  test('a message over maxFrameSize closes only that connection, with 1009', async () => {
    const socket = await open();
    const closed = new Promise<number>((resolve) => socket.once('close', resolve));
    socket.send('x'.repeat(MAX_FRAME + 1));
    expect(await closed).toBe(1009);
    await stillServing();
  });
});

describe('JSON-RPC over HTTP', () => {
  const post = (body: BodyInit, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(httpUrl, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

  test('malformed JSON is answered 200 with -32700; notifications alone get 204', async () => {
    const response = await post('{oops');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: null, error: { code: -32700 } });
    const notification = await post(JSON.stringify({ jsonrpc: '2.0', method: 'Arith.add', params: { a: 1, b: 1 } }));
    expect(notification.status).toBe(204);
    expect(await notification.text()).toBe('');
  });

  test('an HTTP notification runs to its end before the 204: the handler is not aborted by the reply', async () => {
    let finished: (aborted: boolean) => void;
    const outcome = new Promise<boolean>((resolve) => (finished = resolve));
    server.handle('Probe.later', async (_arg, ctx) => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      finished(ctx.signal.aborted);
    });
    const response = await post(JSON.stringify({ jsonrpc: '2.0', method: 'Probe.later' }));
    expect(response.status).toBe(204);
    expect(await outcome).toBe(false);
  });

  test('a body over the limit is refused with 413 and a JSON-RPC error, unread', async () => {
    const response = await post('x'.repeat(MAX_FRAME + 1));
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ id: null, error: { code: -32600 } });
    await stillServing();
  });

  test('GET is 405, another path is 404', async () => {
    expect((await fetch(httpUrl)).status).toBe(405);
    expect((await fetch(httpUrl.replace('/rpc', '/other'), { method: 'POST', body: '{}' })).status).toBe(404);
  });

  test('metadata and timeout headers reach the handler', async () => {
    const client = await connect(`jsonrpc+${httpUrl}` as `jsonrpc+${string}`);
    server.handle('Probe.context', (_arg, ctx) => ({ metadata: { ...ctx.metadata }, remaining: ctx.remaining() }));
    const seen = await client.call<{ metadata: Record<string, string>; remaining: number }>('Probe.context', null, { metadata: { trace: 'ünï 日本 %' }, timeout: 5000 });
    expect(seen.metadata).toEqual({ trace: 'ünï 日本 %' });
    expect(seen.remaining).toBeGreaterThan(0);
    expect(seen.remaining).toBeLessThanOrEqual(5000);
    client.close();
  });
});
