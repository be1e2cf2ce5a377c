// Body compression (deflate-raw): negotiated in the handshake, smaller on the wire, in order when
// inflated asynchronously (as browsers do), and a compression bomb gets FRAME_TOO_LARGE and nothing more.
import { deflateRawSync } from 'node:zlib';
import { afterEach, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { FrameFlag, FrameType, connect, createServer, type Client, type Plugin, type Server } from '../../platforms/entries/node.js';
import { nodePlatform } from '../../platforms/node/node-platform.js';
import { nodeCompression } from '../../platforms/node/compression.js';
import { streamCompression } from '../../platforms/browser/compression.js';
import { connectWith } from '../../src/internal.js';
import { within } from './helpers.js';
import { helloFrame, rawTcpPeer, streamFrame } from './raw-peer.js';

const open: Array<Client | Server> = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

/** Counts the bytes and the compressed frames a side sends. */
function wireMeter(): Plugin & { bytes: number; compressed: number } {
  const meter = {
    name: 'wire-meter',
    bytes: 0,
    compressed: 0,
    afterEncode(data: unknown) {
      const bytes = data as Uint8Array;
      meter.bytes += bytes.byteLength;
      if ((bytes[4 + 4]! & FrameFlag.Compressed) !== 0) meter.compressed++;
    },
  };
  return meter;
}

async function serve(options = {}): Promise<Server> {
  const server = createServer({ compression: true, ...options })
    .handle('echo', (value) => value)
    .handle('items', async function* ({ count, size }: { count: number; size: number }) {
      for (let i = 0; i < count; i++) yield `${i}:`.padEnd(i % 2 === 0 ? size : 4, 'z');
    });
  open.push(server);
  return server;
}

describe('compression', () => {
  test('bodies over the threshold travel compressed when both sides support it, smaller, and come back intact', async () => {
    const server = await serve();
    const address = await server.listen('tcp://127.0.0.1:0');
    const meter = wireMeter();
    const client = await connect(address, { compression: true, plugins: [meter] });
    open.push(client);
    const big = 'isorpc '.repeat(20_000);
    expect(await client.call('echo', big)).toBe(big);
    expect(meter.compressed).toBe(1);
    expect(meter.bytes).toBeLessThan(big.length / 10);
    expect(await client.call('echo', 'small')).toBe('small');
    expect(meter.compressed).toBe(1);
  });

  test('without compression on the sender, nothing is compressed', async () => {
    const server = await serve();
    const meter = wireMeter();
    const client = await connect(await server.listen('tcp://127.0.0.1:0'), { plugins: [meter] });
    open.push(client);
    expect(await client.call('echo', 'a'.repeat(50_000))).toHaveLength(50_000);
    expect(meter.compressed).toBe(0);
  });

  test('asynchronous inflation (DecompressionStream, as in browsers) keeps replies and stream items in order', async () => {
    const server = await serve({ compression: { threshold: 100 } });
    const address = await server.listen('ws://127.0.0.1:0/rpc');
    const asyncPlatform = { ...nodePlatform, compression: { decompress: streamCompression.decompress } };
    const client = await connectWith(asyncPlatform, address);
    open.push(client);
    const values = Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? `${i}`.padEnd(5000, 'x') : `${i}`));
    expect(await Promise.all(values.map((value) => client.call('echo', value)))).toEqual(values);
    const items: string[] = [];
    for await (const item of client.stream<string>('items', { count: 200, size: 3000 })) items.push(item);
    expect(items.map((item) => Number(item.split(':')[0]))).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  test('both inflaters refuse a bomb past the cap with FRAME_TOO_LARGE and corrupt data with PROTOCOL', async () => {
    const bomb = deflateRawSync(new Uint8Array(8 * 1024 * 1024));
    expect(bomb.byteLength).toBeLessThan(16 * 1024);
    expect(() => nodeCompression.decompress(bomb, 1024 * 1024)).toThrow(expect.objectContaining({ code: 'FRAME_TOO_LARGE' }));
    await expect(streamCompression.decompress(bomb, 1024 * 1024)).rejects.toMatchObject({ code: 'FRAME_TOO_LARGE' });
    expect(() => nodeCompression.decompress(Uint8Array.of(0xff, 0xff, 0xff), 1024)).toThrow(expect.objectContaining({ code: 'PROTOCOL' }));
    await expect(streamCompression.decompress(Uint8Array.of(0xff, 0xff, 0xff), 1024)).rejects.toMatchObject({ code: 'PROTOCOL' });
  });

  test('a compression bomb against a running server over TCP and WebSocket: FRAME_TOO_LARGE, closed, others served', async () => {
    const server = await serve({ maxFrameSize: 1024 * 1024 });
    const tcp = await server.listen('tcp://127.0.0.1:0');
    const ws = await server.listen('ws://127.0.0.1:0/rpc');
    const good = await connect(tcp);
    open.push(good);
    const bombBody = deflateRawSync(new Uint8Array(256 * 1024 * 1024)); // 256 MiB of zeros in ~256 KiB
    const bomb = streamFrame({ type: FrameType.Request, seq: 1, method: 'echo', flags: FrameFlag.Compressed });
    const withBody = new Uint8Array(bomb.byteLength + bombBody.byteLength);
    withBody.set(bomb);
    withBody.set(bombBody, bomb.byteLength);
    new DataView(withBody.buffer).setUint32(0, withBody.byteLength - 4);
    const before = process.memoryUsage().arrayBuffers;

    const peer = await rawTcpPeer(tcp);
    peer.write(helloFrame());
    await peer.next(FrameType.Welcome);
    peer.write(withBody);
    expect((await peer.next(FrameType.GoAway)).value).toMatchObject({ code: 'FRAME_TOO_LARGE' });
    await within(3000, peer.closed, 'bomb sender closed');

    const socket = new WebSocket(ws);
    const frames: Buffer[] = [];
    socket.on('message', (data: Buffer) => frames.push(data));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(helloFrame().subarray(4));
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.send(withBody.subarray(4));
    await within(3000, new Promise((resolve) => socket.once('close', resolve)), 'ws bomb sender closed');
    expect(frames.some((frame) => frame[3] === FrameType.GoAway)).toBe(true);

    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(32 * 1024 * 1024);
    expect(await good.call('echo', 'still here')).toBe('still here');
  });
});
