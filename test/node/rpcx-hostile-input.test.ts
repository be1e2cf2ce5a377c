// Hostile and malformed rpcx input: a message over maxFrameSize, bad magic, truncated sections and
// oversized metadata each close that connection only, with a clear RpcError; gzip bombs and payloads
// nobody can decode fail their call only. Messages split byte by byte, or several in one read, work.
import net from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connect, createServer, decodeRpcxMessage, encodeRpcxMessage, rpcxServerProtocol, type Client, type RpcError, type RpcxMessage, type Server, type Transport, type TransportSink } from '../../platforms/entries/node.js';
import { createHeaderFrameDecoder } from '../../src/framing/header-frame-decoder.js';
import { rpcxFrameSpec } from '../../src/protocols/rpcx/message.js';

const MAX_FRAME = 64 * 1024;
let server: Server;
let address: string;
let port: number;
let good: Client;
const disconnects: RpcError[] = [];

function request(seq: number, fields: Partial<RpcxMessage> = {}): RpcxMessage {
  return {
    response: false,
    heartbeat: false,
    oneway: false,
    compressType: 0,
    error: false,
    serializeType: 1,
    seq: BigInt(seq),
    servicePath: 'Arith',
    serviceMethod: 'Echo',
    metadata: {},
    payload: new TextEncoder().encode(JSON.stringify(`v${seq}`)),
    ...fields,
  };
}

/** A raw TCP peer: writes bytes, reads rpcx messages, tells when the server closed it. */
async function rawPeer(target = port): Promise<{ write(bytes: Uint8Array): void; next(): Promise<RpcxMessage>; closed: Promise<void>; destroy(): void }> {
  const socket = net.connect(target, '127.0.0.1');
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const decoder = createHeaderFrameDecoder(rpcxFrameSpec, 1 << 24);
  const queue: RpcxMessage[] = [];
  const waiting: Array<(message: RpcxMessage) => void> = [];
  socket.on('data', (chunk) => {
    for (const frame of decoder.decode(chunk)) {
      const message = decodeRpcxMessage(new Uint8Array(frame));
      const waiter = waiting.shift();
      if (waiter === undefined) queue.push(message);
      else waiter(message);
    }
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined);
  return {
    write: (bytes) => socket.write(bytes),
    next: () => (queue.length > 0 ? Promise.resolve(queue.shift()!) : new Promise((resolve) => waiting.push(resolve))),
    closed,
    destroy: () => socket.destroy(),
  };
}

beforeAll(async () => {
  server = createServer({ maxFrameSize: MAX_FRAME, maxMetadataSize: 1024 });
  server.handle('Arith.Echo', (value: unknown) => value);
  server.on('disconnect', (_peer, reason) => disconnects.push(reason));
  address = await server.listen('rpcx://127.0.0.1:0');
  port = Number(new URL(address).port);
  good = await connect(address as `rpcx${string}`);
});

afterAll(async () => {
  good.close();
  await server.close();
});

async function stillServing(): Promise<void> {
  expect(await good.call('Arith.Echo', 'alive')).toBe('alive');
}

describe('messages that close only their connection', () => {
  const header = (bytes: number[]): Uint8Array => Uint8Array.from(bytes);
  test.each([
    ['a length over maxFrameSize', header([8, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 1, 0x40, 0, 0, 0]), 'FRAME_TOO_LARGE'],
    ['bad magic', header([0x09, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 16]), 'PROTOCOL'],
    ['a section longer than the message', Uint8Array.of(8, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 8, 0, 0, 0, 99, 65, 65, 65, 65), 'PROTOCOL'],
    ['sections missing after the service path', Uint8Array.of(8, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 5, 0, 0, 0, 1, 65), 'PROTOCOL'],
    ['metadata over maxMetadataSize', encodeRpcxMessage(request(1, { metadata: { big: 'x'.repeat(2000) } })), 'FRAME_TOO_LARGE'],
    ['a service path that is not UTF-8', encodeRpcxMessage(request(1, { servicePath: 'Arith' })).map((byte, index) => (index === 20 ? 0xff : byte)), 'PROTOCOL'],
  ])('%s', async (_name, bytes, code) => {
    const peer = await rawPeer();
    const before = disconnects.length;
    peer.write(bytes);
    await peer.closed;
    await expect.poll(() => disconnects.length).toBeGreaterThan(before);
    expect(disconnects.at(-1)!.code).toBe(code);
    await stillServing();
  });
});

describe('messages that fail their call only', () => {
  let peer: Awaited<ReturnType<typeof rawPeer>>;
  beforeAll(async () => {
    peer = await rawPeer();
  });
  afterAll(() => peer.destroy());

  test('a gzip bomb is refused with FRAME_TOO_LARGE before inflating past maxFrameSize', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(8 * 1024 * 1024));
    expect(bomb.byteLength).toBeLessThan(MAX_FRAME);
    peer.write(encodeRpcxMessage(request(1, { compressType: 1, payload: bomb })));
    const reply = await peer.next();
    expect(reply).toMatchObject({ response: true, error: true, seq: 1n, metadata: { __isorpc_code__: 'FRAME_TOO_LARGE' } });
    peer.write(encodeRpcxMessage(request(2)));
    expect(await peer.next()).toMatchObject({ response: true, error: false, seq: 2n });
  });

  test('corrupt gzip is PROTOCOL; protobuf without a codec and unknown serialize types are BAD_REQUEST', async () => {
    peer.write(encodeRpcxMessage(request(3, { compressType: 1, payload: Uint8Array.of(1, 2, 3) })));
    expect((await peer.next()).metadata).toMatchObject({ __isorpc_code__: 'PROTOCOL' });
    peer.write(encodeRpcxMessage(request(4, { serializeType: 2 })));
    expect((await peer.next()).metadata.__rpcx_error__).toContain('payloadCodecs');
    peer.write(encodeRpcxMessage(request(5, { serializeType: 7 })));
    expect((await peer.next()).metadata).toMatchObject({ __isorpc_code__: 'BAD_REQUEST' });
    peer.write(encodeRpcxMessage(request(6, { payload: new TextEncoder().encode('{nope') })));
    expect((await peer.next()).metadata).toMatchObject({ __isorpc_code__: 'BAD_REQUEST' });
  });

  test('a seq beyond 2^53 is echoed exactly', async () => {
    peer.write(encodeRpcxMessage(request(0, { seq: 0xfffffffffffffffen })));
    expect(await peer.next()).toMatchObject({ response: true, seq: 0xfffffffffffffffen });
  });
});

test('a message split byte by byte, and several messages in one read, are each answered once', async () => {
  const sent: Uint8Array[] = [];
  let sink: TransportSink | undefined;
  const transport: Transport = { kind: 'stream', start: (s) => (sink = s), send: (data) => sent.push(data as Uint8Array), close: () => sink?.onClose() };
  server.accept(transport, rpcxServerProtocol);
  const one = encodeRpcxMessage(request(1));
  for (const byte of one) sink!.onData(Uint8Array.of(byte));
  const many = Buffer.concat([2, 3, 4].map((seq) => encodeRpcxMessage(request(seq))));
  sink!.onData(many.subarray(0, 7));
  sink!.onData(many.subarray(7));
  await expect.poll(() => sent.length).toBe(4);
  expect(sent.map((bytes) => decodeRpcxMessage(bytes).seq)).toEqual([1n, 2n, 3n, 4n]);
  transport.close();
});

test('a client whose server sends garbage closes with PROTOCOL, and its pending call rejects with it', async () => {
  const liar = net.createServer((socket) => socket.once('data', () => socket.write(Uint8Array.of(0x42, 0, 0, 0))));
  await new Promise<void>((resolve) => liar.listen(0, '127.0.0.1', resolve));
  const client = await connect(`rpcx://127.0.0.1:${(liar.address() as net.AddressInfo).port}`);
  const error = await client.call('Arith.Echo', 1).catch((reason: RpcError) => reason);
  expect((error as RpcError).code).toBe('PROTOCOL');
  expect(client.closed).toBe(true);
  await new Promise((resolve) => liar.close(resolve));
});

test('a client with compression gzips request payloads from the threshold on', async () => {
  const first = new Promise<RpcxMessage>((resolve) => {
    const capture = net.createServer((socket) => {
      const decoder = createHeaderFrameDecoder(rpcxFrameSpec, 1 << 24);
      socket.on('data', (chunk) => {
        for (const frame of decoder.decode(chunk)) resolve(decodeRpcxMessage(new Uint8Array(frame)));
      });
    });
    capture.listen(0, '127.0.0.1', async () => {
      const client = await connect(`rpcx://127.0.0.1:${(capture.address() as net.AddressInfo).port}`, { compression: { threshold: 100 }, serializeType: 'json' });
      client.call('Arith.Echo', 'y'.repeat(5000)).catch(() => undefined);
      void first.then(() => {
        client.close();
        capture.close();
      });
    });
  });
  const message = await first;
  expect(message.compressType).toBe(1);
  expect(JSON.parse(zlib.gunzipSync(message.payload).toString())).toBe('y'.repeat(5000));
});

test('a server with compression gzips pushes over its threshold', async () => {
  const pushing = createServer({ compression: { threshold: 512 } });
  pushing.handle('Arith.Push', (_arg, ctx) => {
    ctx.peer.notify('Notice.Big', 'z'.repeat(4000));
    return 'pushed';
  });
  const peer = await rawPeer(Number(new URL(await pushing.listen('rpcx://127.0.0.1:0')).port));
  peer.write(encodeRpcxMessage(request(1, { serviceMethod: 'Push' })));
  const push = await peer.next();
  expect(push).toMatchObject({ response: false, oneway: true, compressType: 1, servicePath: 'Notice', serviceMethod: 'Big', serializeType: 1 });
  expect(JSON.parse(zlib.gunzipSync(push.payload).toString())).toBe('z'.repeat(4000));
  expect(await peer.next()).toMatchObject({ response: true, seq: 1n });
  peer.destroy();
  await pushing.close();
});

test('a client whose server falls silent sends heartbeats, then closes with UNAVAILABLE', async () => {
  const heartbeats: RpcxMessage[] = [];
  const silent = net.createServer((socket) => {
    const decoder = createHeaderFrameDecoder(rpcxFrameSpec, 1 << 20);
    socket.on('data', (chunk) => heartbeats.push(...decoder.decode(chunk).map((frame) => decodeRpcxMessage(new Uint8Array(frame)))));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const client = await connect(`rpcx://127.0.0.1:${(silent.address() as net.AddressInfo).port}`, { heartbeatInterval: 40, heartbeatTimeout: 300 });
  const reason = await new Promise<RpcError>((resolve) => client.onClose(resolve));
  expect(reason.code).toBe('UNAVAILABLE');
  expect(heartbeats.length).toBeGreaterThan(0);
  expect(heartbeats[0]).toMatchObject({ heartbeat: true, response: false, servicePath: '', serviceMethod: '', serializeType: 3 });
  await new Promise((resolve) => silent.close(resolve));
});

test('over WebSocket too, a malformed message closes only that connection', async () => {
  const wsAddress = await server.listen('rpcx+ws://127.0.0.1:0');
  const { default: WebSocket } = await import('ws');
  const socket = new WebSocket(wsAddress.replace('rpcx+ws', 'ws'), { origin: 'http://127.0.0.1' });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const before = disconnects.length;
  const closed = new Promise((resolve) => socket.once('close', resolve));
  socket.send(Uint8Array.of(0x07, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
  await closed;
  await expect.poll(() => disconnects.length).toBeGreaterThan(before);
  expect(disconnects.at(-1)!.code).toBe('PROTOCOL');
  await stillServing();
});
