// Hostile and unusual input on arpc connections, TCP and WebSocket: frames split byte by byte and
// packed several to a read or message, then malformed frames, each of which closes that connection
// only with a clear RpcError while another client goes on being served. And the other way round:
// an isorpc client facing a server that sends garbage, or none of the Pongs it is owed.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connect, createServer, isRpcError, type ArpcClient, type RpcError, type Server } from '../../platforms/entries/node.js';
import { ArpcCmd, encodeArpcFrame } from '../../src/internal.js';
import { rawArpcPeer, rawArpcWebSocketPeer, type RawArpcPeer } from './raw-arpc-peer.js';

const MAX_FRAME = 64 * 1024;
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const request = (seq: number, method: string, body: string): Uint8Array =>
  encodeArpcFrame({ cmd: ArpcCmd.Request, flag: 0, seq: BigInt(seq), method, body: new TextEncoder().encode(body) });

function header(bodyLen: number, cmd: number, methodLen: number): Uint8Array {
  const bytes = new Uint8Array(16);
  new DataView(bytes.buffer).setUint32(0, bodyLen, true);
  bytes[5] = cmd;
  bytes[7] = methodLen;
  return bytes;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((part) => [...part]));
}

describe.each([
  ['TCP', 'arpc://127.0.0.1:0', rawArpcPeer],
  ['WebSocket', 'arpc+ws://127.0.0.1:0/arpc', rawArpcWebSocketPeer],
])('an arpc server over %s facing hand-made frames', (transport, listenAddress, open) => {
  let server: Server;
  let address: string;
  let goodClient: ArpcClient;
  const reasons: RpcError[] = [];

  beforeAll(async () => {
    server = createServer({ maxFrameSize: MAX_FRAME });
    server.handle('/echo', (arg: unknown) => arg);
    server.on('disconnect', (_peer, reason) => reasons.push(reason));
    address = await server.listen(listenAddress);
    goodClient = await connect(address as `arpc://${string}`);
  });

  afterAll(async () => {
    goodClient.close();
    await server.close();
  });

  async function stillServing(): Promise<void> {
    expect(await goodClient.call('/echo', 'alive')).toBe('alive');
  }

  test('a request split byte by byte is answered once whole', async () => {
    const peer = await open(address);
    for (const byte of request(7, '/echo', 'piecewise')) await peer.write(Uint8Array.of(byte));
    const { frame } = await peer.next();
    expect(frame).toMatchObject({ cmd: ArpcCmd.Response, seq: 7n, method: '/echo' });
    expect(text(frame.body)).toBe('piecewise');
    peer.destroy();
  });

  test('several requests in one write or message are each answered', async () => {
    const peer = await open(address);
    await peer.write(concat(request(1, '/echo', 'a'), request(2, '/echo', 'b'), request(3, '/echo', 'c')));
    const answers = [await peer.next(), await peer.next(), await peer.next()].map(({ frame }) => [frame.seq, text(frame.body)]);
    expect(answers.sort()).toEqual([
      [1n, 'a'],
      [2n, 'b'],
      [3n, 'c'],
    ]);
    peer.destroy();
  });

  test("a seq past 2⁵³ is echoed exactly, and a Ping gets a Pong", async () => {
    const peer = await open(address);
    const seq = 2n ** 64n - 2n;
    await peer.write(encodeArpcFrame({ cmd: ArpcCmd.Request, flag: 0, seq, method: '/echo', body: new TextEncoder().encode('big') }));
    expect((await peer.next()).frame.seq).toBe(seq);
    await peer.write(encodeArpcFrame({ cmd: ArpcCmd.Ping, flag: 0, seq: 0n, method: '', body: new Uint8Array(0) }));
    expect((await peer.next()).frame).toMatchObject({ cmd: ArpcCmd.Pong, seq: 0n, method: '' });
    peer.destroy();
  });

  test('a body the server cannot read as asked is answered with an error; the connection stays', async () => {
    const peer = await open(address);
    await peer.write(request(1, '/echo', '['.repeat(100) + ']'.repeat(100)));
    const { frame } = await peer.next();
    expect(frame.flag & 1).toBe(1);
    expect(text(frame.body)).toContain('maxDepth');
    await peer.write(request(2, '/echo', 'next'));
    expect(text((await peer.next()).frame.body)).toBe('next');
    peer.destroy();
  });

  test.each([
    ['a length over maxFrameSize', header(MAX_FRAME + 1, ArpcCmd.Request, 5), 'FRAME_TOO_LARGE'],
    ['method length 0 on a Request', concat(header(2, ArpcCmd.Request, 0), Uint8Array.of(1, 2)), 'PROTOCOL'],
    ['method length over 127', header(300, ArpcCmd.Request, 200), 'PROTOCOL'],
    ['an unknown command', concat(header(2, 9, 1), Uint8Array.of(0x2f, 0x61)), 'PROTOCOL'],
    ['a Stream frame (unsupported)', concat(header(2, ArpcCmd.Stream, 2), Uint8Array.of(0x2f, 0x61)), 'PROTOCOL'],
    ['a method that is not UTF-8', concat(header(2, ArpcCmd.Request, 2), Uint8Array.of(0x2f, 0xff)), 'PROTOCOL'],
  ])('%s closes that connection only, with a %s RpcError', async (_name, bytes, code) => {
    const peer = await open(address);
    const before = reasons.length;
    await peer.write(bytes);
    await peer.closed;
    await expect.poll(() => reasons.length).toBeGreaterThan(before);
    const reason = reasons.at(-1)!;
    expect(isRpcError(reason) && reason.code).toBe(code);
    expect(reason.message.length).toBeGreaterThan(20);
    await stillServing();
  });

  if (transport === 'WebSocket') {
    test('a frame spanning two messages is read whole; a text message closes the connection (PROTOCOL)', async () => {
      const peer: RawArpcPeer = await open(address);
      const bytes = request(5, '/echo', 'spanning');
      await peer.write(bytes.subarray(0, 10));
      await peer.write(bytes.subarray(10));
      expect(text((await peer.next()).frame.body)).toBe('spanning');
      const before = reasons.length;
      await peer.write('not binary');
      await peer.closed;
      await expect.poll(() => reasons.length).toBeGreaterThan(before);
      expect(reasons.at(-1)!.code).toBe('PROTOCOL');
      await stillServing();
    });
  }
});

describe('an isorpc arpc client facing a bad server', () => {
  async function rawServer(onConnection: (socket: net.Socket) => void): Promise<{ address: string; close(): Promise<void> }> {
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      onConnection(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      address: `arpc://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () =>
        new Promise<void>((resolve) => {
          for (const socket of sockets) socket.destroy();
          server.close(() => resolve());
        }),
    };
  }

  test('garbage in reply to a call rejects the call with PROTOCOL and closes the client', async () => {
    const server = await rawServer((socket) => socket.once('data', () => socket.write(header(4, 42, 2))));
    const client = await connect(server.address as `arpc://${string}`);
    const error = await client.call('/echo', 'x').then(
      () => undefined,
      (reason: unknown) => reason as RpcError,
    );
    expect(error?.code).toBe('PROTOCOL');
    expect(error?.message).toContain('unknown command 42');
    expect(client.closed).toBe(true);
    await server.close();
  });

  test('replies to seqs it never used are ignored; error replies map to REMOTE and NOT_FOUND', async () => {
    const server = await rawServer((socket) =>
      socket.on('data', (chunk: Buffer) => {
        const seq = chunk.readBigUInt64LE(8);
        const method = chunk.subarray(16, 16 + chunk[7]!).toString();
        const reply = (flag: number, body: string, at = seq): Uint8Array =>
          encodeArpcFrame({ cmd: ArpcCmd.Response, flag, seq: at, method, body: new TextEncoder().encode(body) });
        if (method === '/missing') socket.write(concat(reply(0, 'stray', 2n ** 60n), reply(0, 'stray', 999n), reply(1, 'method not found')));
        else socket.write(reply(1, 'go says no'));
      }),
    );
    const client = await connect(server.address as `arpc://${string}`);
    const missing = await client.call('/missing').catch((reason: RpcError) => reason);
    expect(missing).toMatchObject({ code: 'NOT_FOUND' });
    expect((await client.call('/other').catch((reason: RpcError) => reason)) as RpcError).toMatchObject({ code: 'REMOTE', message: 'go says no' });
    expect(client.closed).toBe(false);
    client.close();
    await server.close();
  });

  test('a server that never answers Pings is declared dead (UNAVAILABLE) by the heartbeat', async () => {
    const server = await rawServer(() => undefined);
    const client = await connect(server.address as `arpc://${string}`, { heartbeatInterval: 20, heartbeatTimeout: 100 });
    const reason = await new Promise<RpcError>((resolve) => client.onClose(resolve));
    expect(reason.code).toBe('UNAVAILABLE');
    expect(reason.message).toContain('heartbeatTimeout');
    await server.close();
  });
});
