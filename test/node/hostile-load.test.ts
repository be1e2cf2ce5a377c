// Hostile peers against a running server with limits and auth, over TCP and WebSocket: slowloris,
// connection floods, call floods, unauthenticated calls. A well-behaved client is served throughout,
// nothing is dispatched for unauthenticated peers, and memory stays bounded.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { FrameType, connect, createMsgpackCodec, createServer, isorpcProtocol, parseAddress, type Client, type Server } from '../../platforms/entries/node.js';
import { createLengthPrefixDecoder } from '../../src/internal.js';
import { sleep, within } from './helpers.js';
import { streamFrame } from './raw-peer.js';

// The heartbeat timeout is short so a silent peer is caught quickly, yet long enough that a busy test
// machine's event-loop stalls never make the well-behaved clients look dead.
const LIMITS = { maxConnections: 40, maxInFlightCalls: 50, handshakeTimeout: 2500, heartbeatInterval: 250, heartbeatTimeout: 1500 };
const msgpack = createMsgpackCodec();
let server: Server;
let addresses: Record<'tcp' | 'ws', string>;
let good: Record<'tcp' | 'ws', Client>;
let dispatched = 0;

beforeAll(async () => {
  server = createServer({ ...LIMITS, auth: (token) => token === 'let-me-in' })
    .handle('add', ({ a, b }: { a: number; b: number }) => a + b)
    .handle('hang', () => {
      dispatched++;
      return new Promise(() => undefined);
    })
    .handle('count', () => ++dispatched);
  addresses = { tcp: await server.listen('tcp://127.0.0.1:0'), ws: await server.listen('ws://127.0.0.1:0/rpc') };
  good = { tcp: await connect(addresses.tcp, { auth: 'let-me-in' }), ws: await connect(addresses.ws, { auth: 'let-me-in' }) };
});

afterAll(async () => {
  good.tcp.close();
  good.ws.close();
  await server.close();
});

/** A raw connection over TCP or WebSocket that writes frames and collects what comes back. */
interface Raw {
  send(frame: Uint8Array): void;
  /** Raw bytes, TCP only: for partial frames. */
  sendBytes(bytes: Uint8Array): void;
  frames: Array<{ type: number; seq: number; value: unknown }>;
  closed: Promise<void>;
  close(): void;
}

async function raw(kind: 'tcp' | 'ws'): Promise<Raw> {
  const frames: Raw['frames'] = [];
  const record = (message: Uint8Array): void => {
    const frame = isorpcProtocol.decodeFrame(message);
    frames.push({ type: frame.type, seq: frame.seq, value: frame.body === undefined ? undefined : msgpack.decode(frame.body as Uint8Array) });
  };
  if (kind === 'tcp') {
    const { host, port } = parseAddress(addresses.tcp);
    const socket = net.connect({ host, port });
    await new Promise((resolve) => socket.once('connect', resolve));
    const decoder = createLengthPrefixDecoder(1 << 24);
    socket.on('data', (chunk) => decoder.decode(chunk).forEach(record));
    socket.on('error', () => undefined);
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    return { send: (f) => socket.write(f), sendBytes: (b) => socket.write(b), frames, closed, close: () => socket.destroy() };
  }
  const socket = new WebSocket(addresses.ws);
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('message', (data: Buffer) => record(data));
  await Promise.race([new Promise((resolve) => socket.once('open', resolve)), closed]);
  const send = (f: Uint8Array): void => socket.readyState === WebSocket.OPEN ? socket.send(f.subarray(4)) : undefined;
  return { send, sendBytes: send, frames, closed, close: () => socket.terminate() };
}

const hello = (auth?: string): Uint8Array => streamFrame({ type: FrameType.Hello }, { version: 1, maxFrameSize: 1 << 20, auth });

async function until(check: () => boolean, ms = 3000): Promise<void> {
  for (const end = Date.now() + ms; !check(); await sleep(10)) if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
}

async function stillServing(): Promise<void> {
  expect(await good.tcp.call('add', { a: 40, b: 2 })).toBe(42);
  expect(await good.ws.call('add', { a: 1, b: 1 })).toBe(2);
}

describe.each(['tcp', 'ws'] as const)('hostile load over %s', (kind) => {
  test('slowloris: a half Hello then silence is closed by the handshake timeout', async () => {
    const peer = await raw(kind);
    peer.sendBytes(hello('let-me-in').subarray(0, kind === 'tcp' ? 12 : 10));
    await within(8000, peer.closed, 'slowloris closed');
    await stillServing();
  });

  test('a flood of connections past maxConnections: the excess is refused, the good client is served', async () => {
    const before = process.memoryUsage().rss;
    // The handshake timeout is long enough that none of the silent ones is closed while the flood connects.
    const peers = await Promise.all(Array.from({ length: 80 }, () => raw(kind)));
    await until(() => peers.filter((p) => p.frames.some((f) => f.type === FrameType.GoAway && (f.value as { code: string }).code === 'RESOURCE_EXHAUSTED')).length >= 80 - LIMITS.maxConnections, 8000);
    await stillServing();
    // The silent ones are closed by the handshake timeout, which frees their slots.
    await within(8000, Promise.all(peers.map((p) => p.closed)), 'silent connections closed');
    expect(server.peers.size).toBe(2);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  test('a flood of calls past maxInFlightCalls is answered RESOURCE_EXHAUSTED; the good client is served', async () => {
    const peer = await raw(kind);
    peer.send(hello('let-me-in'));
    await until(() => peer.frames.some((f) => f.type === FrameType.Welcome));
    for (let seq = 1; seq <= 500; seq++) peer.send(streamFrame({ type: FrameType.Request, seq, method: 'hang' }));
    await until(() => peer.frames.filter((f) => f.type === FrameType.Error).length === 500 - LIMITS.maxInFlightCalls);
    expect(new Set(peer.frames.filter((f) => f.type === FrameType.Error).map((f) => (f.value as { code: string }).code))).toEqual(new Set(['RESOURCE_EXHAUSTED']));
    await stillServing();
    peer.close();
  });

  test('unauthenticated calls: refused, and nothing is dispatched', async () => {
    const before = dispatched;
    for (const auth of [undefined, 'guess']) {
      const peer = await raw(kind);
      peer.send(hello(auth));
      for (let seq = 1; seq <= 20; seq++) peer.send(streamFrame({ type: FrameType.Request, seq, method: 'count' }));
      await within(2000, peer.closed, 'refused peer closed');
      expect(peer.frames.some((f) => f.type === FrameType.Response || f.type === FrameType.Welcome)).toBe(false);
    }
    expect(dispatched).toBe(before);
    await stillServing();
  });
});

// A WebSocket message is never half-delivered to isorpc (ws buffers it, under maxPayload), so this one is TCP's.
test('TCP slowloris after the handshake: a half frame then silence is closed by the heartbeat timeout', async () => {
  const peer = await raw('tcp');
  peer.send(hello('let-me-in'));
  await until(() => peer.frames.some((f) => f.type === FrameType.Welcome));
  peer.sendBytes(streamFrame({ type: FrameType.Request, seq: 1, method: 'add' }, { a: 1, b: 2 }).subarray(0, 15));
  await within(6000, peer.closed, 'closed by the heartbeat');
  expect(peer.frames.find((f) => f.type === FrameType.GoAway)?.value).toMatchObject({ code: 'UNAVAILABLE' });
  await stillServing();
});
