// Hostile and malformed input against running servers: each bad connection gets a clear error and is
// closed (or answered, when only one call is bad) while a well-behaved client keeps being served.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { FrameType, connect, createServer, type Client, type Server } from '../../platforms/entries/node.js';
import { registerContractService } from '../contract/contract-service.mjs';
import { helloFrame, rawTcpPeer, streamFrame } from './raw-peer.js';

const MAX_FRAME = 64 * 1024;
let server: Server;
let tcpAddress: string;
let wsAddress: string;
let goodClient: Client;

beforeAll(async () => {
  server = registerContractService(createServer({ maxFrameSize: MAX_FRAME })) as Server;
  tcpAddress = await server.listen('tcp://127.0.0.1:0');
  wsAddress = await server.listen('ws://127.0.0.1:0/rpc');
  goodClient = await connect(tcpAddress);
});

afterAll(async () => {
  goodClient.close();
  await server.close();
});

async function stillServing(): Promise<void> {
  expect(await goodClient.call('Contract.add', { a: 40, b: 2 })).toBe(42);
}

describe('hostile input over TCP', () => {
  test('garbage bytes get a PROTOCOL goaway and a closed connection', async () => {
    const peer = await rawTcpPeer(tcpAddress);
    peer.write(Uint8Array.from([0, 0, 0, 40, ...Array.from({ length: 40 }, (_, i) => (i * 37) & 255)]));
    const goAway = await peer.next(FrameType.GoAway);
    expect(goAway.value).toMatchObject({ code: 'PROTOCOL' });
    await peer.closed;
    await stillServing();
  });

  test('a 4 GiB length prefix gets FRAME_TOO_LARGE without the server allocating it', async () => {
    const before = process.memoryUsage().arrayBuffers;
    const peer = await rawTcpPeer(tcpAddress);
    peer.write(Uint8Array.of(0xff, 0xff, 0xff, 0xff));
    expect((await peer.next(FrameType.GoAway)).value).toMatchObject({ code: 'FRAME_TOO_LARGE' });
    await peer.closed;
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024);
    await stillServing();
  });

  test('a frame over maxFrameSize is refused the same way', async () => {
    const peer = await rawTcpPeer(tcpAddress);
    peer.write(helloFrame());
    await peer.next(FrameType.Welcome);
    peer.write(Uint8Array.of(0, 0x01, 0, 1)); // 65 537 bytes announced, one over the limit
    const goAway = await peer.next(FrameType.GoAway);
    expect(goAway.value).toMatchObject({ code: 'FRAME_TOO_LARGE' });
    expect((goAway.value as { message: string }).message).toContain(String(MAX_FRAME));
    await peer.closed;
    await stillServing();
  });

  test('a truncated frame followed by a disconnect leaves the server serving', async () => {
    const peer = await rawTcpPeer(tcpAddress);
    peer.write(helloFrame());
    await peer.next(FrameType.Welcome);
    peer.write(Uint8Array.of(0, 0, 0, 100, 0x49, 0x52, 1));
    peer.destroy();
    await peer.closed;
    await stillServing();
  });

  test('a call before the handshake is a PROTOCOL error', async () => {
    const peer = await rawTcpPeer(tcpAddress);
    peer.write(streamFrame({ type: FrameType.Request, seq: 1, method: 'Contract.add' }, { a: 1, b: 2 }));
    expect((await peer.next(FrameType.GoAway)).value).toMatchObject({ code: 'PROTOCOL' });
    await peer.closed;
  });

  test('an unknown frame type after the handshake is a PROTOCOL error', async () => {
    const peer = await rawTcpPeer(tcpAddress);
    peer.write(helloFrame());
    await peer.next(FrameType.Welcome);
    peer.write(streamFrame({ type: 99 }));
    const goAway = await peer.next(FrameType.GoAway);
    expect(goAway.value).toMatchObject({ code: 'PROTOCOL' });
    expect((goAway.value as { message: string }).message).toContain('frame type 99');
    await peer.closed;
    await stillServing();
  });

  test('a __proto__ payload is answered with BAD_REQUEST and the same connection keeps working', async () => {
    const peer = await rawTcpPeer(tcpAddress);
    peer.write(helloFrame());
    await peer.next(FrameType.Welcome);
    const hostile = { a: 1 };
    Object.defineProperty(hostile, '__proto__', { value: { polluted: true }, enumerable: true });
    peer.write(streamFrame({ type: FrameType.Request, seq: 1, method: 'Contract.echo' }, hostile));
    expect((await peer.next(FrameType.Error, 1)).value).toMatchObject({ code: 'BAD_REQUEST' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    peer.write(streamFrame({ type: FrameType.Request, seq: 2, method: 'Contract.add' }, { a: 2, b: 3 }));
    expect((await peer.next(FrameType.Response, 2)).value).toBe(5);
    peer.destroy();
  });

  test('a body in an unknown codec is answered with BAD_REQUEST', async () => {
    const peer = await rawTcpPeer(tcpAddress);
    peer.write(helloFrame());
    await peer.next(FrameType.Welcome);
    peer.write(streamFrame({ type: FrameType.Request, seq: 1, method: 'Contract.echo', codec: 77 }, 'x'));
    const error = await peer.next(FrameType.Error, 1);
    expect(error.value).toMatchObject({ code: 'BAD_REQUEST' });
    expect((error.value as { message: string }).message).toContain('codec id 77');
    peer.destroy();
  });

  test('a JSON body with __proto__ reaches the handler without polluting anything', async () => {
    const json = await connect(tcpAddress, { codec: 'json' });
    const reply = await json.call('Contract.echo', JSON.parse('{"__proto__":{"polluted":true},"kept":1}'));
    expect(reply).toEqual({ kept: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    json.close();
  });
});

describe('size limits between real peers', () => {
  test('a call over the server limit fails locally with FRAME_TOO_LARGE; the connection stays up', async () => {
    const client = await connect(tcpAddress);
    await expect(client.call('Contract.echo', 'x'.repeat(MAX_FRAME))).rejects.toMatchObject({ code: 'FRAME_TOO_LARGE' });
    expect(await client.call('Contract.echo', 'small')).toBe('small');
    client.close();
  });

  test('a reply over the client limit comes back as FRAME_TOO_LARGE; the connection stays up', async () => {
    const client = await connect(tcpAddress, { maxFrameSize: 1024 });
    expect(await client.call('Contract.echo', 'y'.repeat(900))).toHaveLength(900);
    await expect(client.call('Contract.reverseBytes', new Uint8Array(2000))).rejects.toMatchObject({ code: 'FRAME_TOO_LARGE' });
    expect(await client.call('Contract.echo', 'small')).toBe('small');
    client.close();
  });
});

describe('hostile input over WebSocket', () => {
  test('an oversized message is refused with close code 1009; others are unaffected', async () => {
    const socket = new WebSocket(wsAddress);
    await new Promise((resolve) => socket.once('open', resolve));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send(new Uint8Array(MAX_FRAME + 1));
    expect(await closed).toBe(1009);
    const wsClient = await connect(wsAddress);
    expect(await wsClient.call('Contract.add', { a: 1, b: 2 })).toBe(3);
    wsClient.close();
    await stillServing();
  });

  test('a text message or garbage gets a PROTOCOL goaway', async () => {
    for (const payload of ['{"jsonrpc":"2.0"}', new Uint8Array([1, 2, 3, 4, 5])]) {
      const socket = new WebSocket(wsAddress);
      await new Promise((resolve) => socket.once('open', resolve));
      const received: Buffer[] = [];
      socket.on('message', (data: Buffer) => received.push(data));
      const closed = new Promise((resolve) => socket.once('close', resolve));
      socket.send(payload);
      await closed;
      expect(received.length).toBe(1);
      expect(received[0]![3]).toBe(FrameType.GoAway);
    }
    await stillServing();
  });
});
