// WebSocket coalescing, negotiated in the handshake (docs/PROTOCOL.md, "Coalescing"): isorpc peers
// put the frames of one tick in one message; a peer that does not announce it (an older isorpc)
// still gets exactly one frame per message, both as client and as server.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { connect, createServer, type Plugin, type Server } from '../../platforms/entries/node.js';
import { createMsgpackCodec, FrameType, isorpcProtocol, type Frame } from '../../src/internal.js';
import { isBatch, joinBatch, splitBatch } from '../../src/isorpc/frame-batch.js';

const msgpack = createMsgpackCodec();
const closers: Array<() => unknown> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

function encode(type: number, seq: number, body?: unknown, method = ''): Uint8Array {
  const frame: Frame = { type: type as Frame['type'], flags: 0, seq, method, metadata: undefined, timeout: 0, codec: 1, body: undefined };
  return isorpcProtocol.encodeFrame(frame, body === undefined ? undefined : msgpack.encode(body).slice(), false).slice();
}

function prefixed(frame: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + frame.byteLength);
  new DataView(out.buffer).setUint32(0, frame.byteLength);
  out.set(frame, 4);
  return out;
}

/** Every frame in a received message, and whether it came coalesced. */
function framesOf(data: Buffer): { coalesced: boolean; frames: Array<Frame & { value: unknown }> } {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const coalesced = isBatch(bytes);
  const parts = coalesced ? splitBatch(bytes, 1 << 24) : [bytes];
  return {
    coalesced,
    frames: parts.map((part) => {
      const frame = isorpcProtocol.decodeFrame(part);
      return { ...frame, value: frame.body === undefined ? undefined : msgpack.decode(frame.body as Uint8Array) };
    }),
  };
}

async function echoServer(plugins: Plugin[] = []): Promise<{ server: Server; address: string }> {
  const server = createServer({ plugins }).handle('echo', (value) => value);
  closers.push(() => server.close());
  return { server, address: await server.listen('ws://127.0.0.1:0/rpc') };
}

/** A raw WebSocket speaking isorpc by hand: `hello` says whether it announces coalescing. */
async function handPeer(address: string, coalesce: boolean) {
  const socket = new WebSocket(address);
  closers.push(() => socket.terminate());
  const messages: Array<ReturnType<typeof framesOf>> = [];
  socket.on('message', (data: Buffer) => messages.push(framesOf(data)));
  await once(socket, 'open');
  socket.send(encode(FrameType.Hello, 0, { version: 1, maxFrameSize: 1 << 20, streamWindow: 64, ...(coalesce ? { coalesce: true } : {}) }));
  const replies = async (count: number) => {
    while (messages.flatMap((m) => m.frames).filter((f) => f.type === FrameType.Response).length < count) await new Promise((resolve) => setTimeout(resolve, 5));
    return messages;
  };
  while (messages.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  return { socket, messages, replies };
}

describe('WebSocket coalescing', () => {
  test('an isorpc server announces coalesce in its Welcome, and to a peer that did not announce it sends one frame per message', async () => {
    const { address } = await echoServer();
    const peer = await handPeer(address, false);
    const welcome = peer.messages[0]!.frames[0]!;
    expect(welcome.type).toBe(FrameType.Welcome);
    expect((welcome.value as { coalesce?: boolean }).coalesce).toBe(true);
    // 100 requests in one tick, one message each, as an older isorpc sends them.
    for (let seq = 1; seq <= 100; seq++) peer.socket.send(encode(FrameType.Request, seq, seq, 'echo'));
    const messages = await peer.replies(100);
    expect(messages.every((m) => !m.coalesced && m.frames.length === 1)).toBe(true);
    const replies = messages.flatMap((m) => m.frames).filter((f) => f.type === FrameType.Response);
    expect(replies.map((f) => [f.seq, f.value]).sort((a, b) => (a[0] as number) - (b[0] as number))).toEqual(Array.from({ length: 100 }, (_, i) => [i + 1, i + 1]));
  });

  test('to a peer that announced it, the replies of one tick arrive coalesced and split back into every frame', async () => {
    const { address } = await echoServer();
    const peer = await handPeer(address, true);
    const requests = Array.from({ length: 100 }, (_, i) => prefixed(encode(FrameType.Request, i + 1, `v${i + 1}`, 'echo')));
    peer.socket.send(joinBatch(requests, 2 + requests.reduce((sum, r) => sum + r.byteLength, 0)));
    const messages = await peer.replies(100);
    const replies = messages.flatMap((m) => m.frames).filter((f) => f.type === FrameType.Response);
    expect(replies.map((f) => f.value).sort()).toEqual(Array.from({ length: 100 }, (_, i) => `v${i + 1}`).sort());
    expect(messages.some((m) => m.coalesced && m.frames.length > 1)).toBe(true);
    expect(messages.length).toBeLessThan(100);
  });

  test('an isorpc client talking to a server that does not announce it (an older isorpc) sends one frame per message', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    closers.push(() => new Promise((resolve) => wss.close(resolve)));
    await once(wss, 'listening');
    const received: Array<ReturnType<typeof framesOf>> = [];
    wss.on('connection', (socket) => {
      socket.on('message', (data: Buffer) => {
        const message = framesOf(data);
        received.push(message);
        for (const frame of message.frames) {
          if (frame.type === FrameType.Hello) socket.send(encode(FrameType.Welcome, 0, { version: 1, maxFrameSize: 1 << 20, streamWindow: 64 }));
          if (frame.type === FrameType.Request) socket.send(encode(FrameType.Response, frame.seq, frame.value));
        }
      });
    });
    const client = await connect(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
    closers.push(() => client.close());
    const replies = await Promise.all(Array.from({ length: 50 }, (_, i) => client.call('echo', i)));
    expect(replies).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(received.every((m) => !m.coalesced && m.frames.length === 1)).toBe(true);
  });

  test('isorpc client and server coalesce: 256 calls in one tick reach the server in far fewer messages, every reply right', async () => {
    let messagesIn = 0;
    const { address } = await echoServer([{ name: 'count-messages', beforeDecode: () => void messagesIn++ }]);
    const client = await connect(address);
    closers.push(() => client.close());
    const before = messagesIn;
    const replies = await Promise.all(Array.from({ length: 256 }, (_, i) => client.call('echo', { i })));
    expect(replies).toEqual(Array.from({ length: 256 }, (_, i) => ({ i })));
    expect(messagesIn - before).toBeLessThan(256);
  });

  test('a damaged coalesced message closes only that connection with PROTOCOL; the server keeps serving others', async () => {
    const { address } = await echoServer();
    const peer = await handPeer(address, true);
    const closed = once(peer.socket, 'close');
    const good = prefixed(encode(FrameType.Request, 1, 'x', 'echo'));
    peer.socket.send(joinBatch([good], 2 + good.byteLength).subarray(0, 2 + good.byteLength - 3));
    await closed;
    const goAway = peer.messages.flatMap((m) => m.frames).find((f) => f.type === FrameType.GoAway);
    expect((goAway?.value as { code?: string }).code).toBe('PROTOCOL');
    const client = await connect(address);
    closers.push(() => client.close());
    expect(await client.call('echo', 'still serving')).toBe('still serving');
  });
});

describe('WebSocket coalescing of streams', () => {
  test('a server stream of 2,000 items reaches the client in far fewer messages, every item in order', async () => {
    const server = createServer().handle('count', async function* (n: number) {
      for (let i = 0; i < n; i++) yield i;
    });
    closers.push(() => server.close());
    const address = await server.listen('ws://127.0.0.1:0/rpc');
    let messagesIn = 0;
    const client = await connect(address, { plugins: [{ name: 'count-messages', beforeDecode: () => void messagesIn++ }] });
    closers.push(() => client.close());
    const items: number[] = [];
    for await (const item of client.stream<number>('count', 2000)) items.push(item);
    expect(items).toEqual(Array.from({ length: 2000 }, (_, i) => i));
    expect(messagesIn).toBeLessThan(1000);
  });
});
