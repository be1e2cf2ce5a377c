// Value-frame batching on MessagePort-like transports, negotiated in the handshake (docs/PROTOCOL.md,
// "Value frames"): isorpc peers post the frames of one tick as one array of frames; a peer that does
// not announce it (an older isorpc) still gets one frame per message; a body that might not clone is
// posted alone, so its error still reaches its call; a malformed batch closes only its connection.
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, test } from 'vitest';
import { connectPort, createServer, type Plugin, type Server } from '../../platforms/entries/node.js';
import { FrameType } from '../../src/internal.js';

const closers: Array<() => unknown> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

type ValueFrame = [type: number, seq: number, method: string, metadata: unknown, timeout: number, body: unknown, flags: number];

function echoServer(plugins: Plugin[] = []): Server {
  const server = createServer({ plugins })
    .handle('echo', (value) => value)
    .handle('count', async function* (n: number) {
      for (let i = 0; i < n; i++) yield i;
    });
  closers.push(() => server.close());
  return server;
}

/** A raw port speaking isorpc by hand; `coalesce` says whether its Hello announces batching. */
async function handPeer(server: Server, coalesce: boolean) {
  const { port1, port2 } = new MessageChannel();
  closers.push(() => port2.close());
  server.accept(port1);
  const messages: unknown[] = [];
  port2.on('message', (data: unknown) => messages.push(data));
  port2.postMessage([FrameType.Hello, 0, '', undefined, 0, { version: 1, maxFrameSize: 1 << 20, streamWindow: 64, ...(coalesce ? { coalesce: true } : {}) }, 0] satisfies ValueFrame);
  while (messages.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  const frames = (): ValueFrame[] => messages.flatMap((m) => (Array.isArray((m as unknown[])[0]) ? (m as ValueFrame[]) : [m as ValueFrame]));
  const replies = async (count: number): Promise<ValueFrame[]> => {
    while (frames().filter((f) => f[0] === FrameType.Response).length < count) await new Promise((resolve) => setTimeout(resolve, 5));
    return frames().filter((f) => f[0] === FrameType.Response);
  };
  return { port: port2 as MessagePort, messages, frames, replies };
}

function request(seq: number, body: unknown): ValueFrame {
  return [FrameType.Request, seq, 'echo', undefined, 0, body, 0];
}

describe('value-frame batching (MessagePort)', () => {
  test('an isorpc server announces coalesce in its Welcome, and to a peer that did not announce it posts one frame per message', async () => {
    const peer = await handPeer(echoServer(), false);
    const welcome = peer.messages[0] as ValueFrame;
    expect(welcome[0]).toBe(FrameType.Welcome);
    expect((welcome[5] as { coalesce?: boolean }).coalesce).toBe(true);
    for (let seq = 1; seq <= 100; seq++) peer.port.postMessage(request(seq, seq));
    const replies = await peer.replies(100);
    expect(peer.messages.every((m) => typeof (m as unknown[])[0] === 'number')).toBe(true);
    expect(replies.map((f) => [f[1], f[5]]).sort((a, b) => (a[0] as number) - (b[0] as number))).toEqual(Array.from({ length: 100 }, (_, i) => [i + 1, i + 1]));
  });

  test('to a peer that announced it, a batch of 100 requests is answered in batches, every reply right', async () => {
    const peer = await handPeer(echoServer(), true);
    peer.port.postMessage(Array.from({ length: 100 }, (_, i) => request(i + 1, `v${i + 1}`)));
    const replies = await peer.replies(100);
    expect(replies.map((f) => f[5]).sort()).toEqual(Array.from({ length: 100 }, (_, i) => `v${i + 1}`).sort());
    const batches = peer.messages.filter((m) => Array.isArray((m as unknown[])[0]));
    expect(batches.length).toBeGreaterThan(0);
    expect(peer.messages.length).toBeLessThan(20);
  });

  test('isorpc client and server batch: 256 calls and a 2,000-item stream cross in far fewer messages, every value right', async () => {
    let messagesIn = 0;
    const server = echoServer([{ name: 'count-messages', beforeDecode: () => void messagesIn++ }]);
    const { port1, port2 } = new MessageChannel();
    server.accept(port1);
    let messagesBack = 0;
    const client = await connectPort(port2, { plugins: [{ name: 'count-messages', beforeDecode: () => void messagesBack++ }] });
    closers.push(() => client.close());
    const before = messagesIn;
    const replies = await Promise.all(Array.from({ length: 256 }, (_, i) => client.call('echo', { i, bytes: new Uint8Array([i & 0xff]) })));
    expect(replies).toEqual(Array.from({ length: 256 }, (_, i) => ({ i, bytes: new Uint8Array([i & 0xff]) })));
    expect(messagesIn - before).toBeLessThan(32);
    const itemsBefore = messagesBack;
    const items: number[] = [];
    for await (const item of client.stream<number>('count', 2000)) items.push(item);
    expect(items).toEqual(Array.from({ length: 2000 }, (_, i) => i));
    expect(messagesBack - itemsBefore).toBeLessThan(200);
  });

  test('a call whose argument cannot be cloned still rejects with BAD_REQUEST; the calls batched around it succeed', async () => {
    const server = echoServer();
    const { port1, port2 } = new MessageChannel();
    server.accept(port1);
    const client = await connectPort(port2);
    closers.push(() => client.close());
    const calls = [client.call('echo', 1), client.call('echo', { nested: { fn: () => 1 } }), client.call('echo', 3)];
    const settled = await Promise.allSettled(calls);
    expect(settled[0]).toEqual({ status: 'fulfilled', value: 1 });
    expect(settled[1]).toMatchObject({ status: 'rejected', reason: { code: 'BAD_REQUEST', message: expect.stringContaining('structured-cloneable') } });
    expect(settled[2]).toEqual({ status: 'fulfilled', value: 3 });
  });

  test('a malformed batch closes only that connection with PROTOCOL; the server keeps serving other ports', async () => {
    const server = echoServer();
    const peer = await handPeer(server, true);
    peer.port.postMessage([request(1, 'fine'), ['not', 'a', 'frame']]);
    while (!peer.frames().some((f) => f[0] === FrameType.GoAway)) await new Promise((resolve) => setTimeout(resolve, 5));
    const goAway = peer.frames().find((f) => f[0] === FrameType.GoAway)!;
    expect((goAway[5] as { code?: string }).code).toBe('PROTOCOL');
    const { port1, port2 } = new MessageChannel();
    server.accept(port1);
    const client = await connectPort(port2);
    closers.push(() => client.close());
    expect(await client.call('echo', 'still serving')).toBe('still serving');
  });
});
