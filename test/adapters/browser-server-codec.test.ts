// The browser build's createServer() serves ports (structured clone): it carries neither msgpack nor
// byte framing. Handed a byte transport (here a real TCP socket) it refuses it with a typed error that
// says what to use, and keeps serving other peers. With isorpcServerProtocol (isorpc/core) it serves
// byte transports, once given a codec.
import net from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { createServer as createBrowserServer } from '../../platforms/entries/index.js';
import { connect, createInProcessPair, createMsgpackCodec, isRpcError, openClient, socketTransport, type Server, type ServerOptions } from '../../platforms/entries/node.js';
import { isorpcServerProtocol, openPortClient, type ServerProtocol } from '../../src/internal.js';

interface TcpFront {
  address: string;
  /** What `server.accept()` threw for the first socket (undefined when it served it). */
  firstOutcome: Promise<unknown>;
  close(): Promise<void>;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A browser-build server whose connections arrive as raw TCP sockets (byte 'stream' transports). */
/** `protocol: null` accepts with the server's own default (the browser build's: ports only). */
async function serveOverTcp(options?: ServerOptions, protocol: ServerProtocol | null = isorpcServerProtocol): Promise<{ server: Server; front: TcpFront }> {
  const server = createBrowserServer(options).register('Echo', { say: (text: string) => `echo: ${text}`, back: (value: unknown) => value });
  let settleFirst!: (outcome: unknown) => void;
  const firstOutcome = new Promise<unknown>((resolve) => (settleFirst = resolve));
  const sockets = new Set<net.Socket>();
  const listener = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    try {
      if (protocol === null) server.accept(socketTransport(socket));
      else server.accept(socketTransport(socket), protocol);
      settleFirst(undefined);
    } catch (error) {
      settleFirst(error);
    }
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const { port } = listener.address() as net.AddressInfo;
  const front: TcpFront = {
    address: `tcp://127.0.0.1:${port}`,
    firstOutcome,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => listener.close(() => resolve()));
      await server.close();
    },
  };
  cleanups.push(() => front.close());
  return { server, front };
}

/** The first socket was refused with UNAVAILABLE naming each of `fragments`, and closed: the dialer's handshake fails instead of hanging. */
async function expectRefused(front: TcpFront, dialed: Promise<unknown>, fragments: string[]): Promise<void> {
  const refusal = await front.firstOutcome;
  expect(isRpcError(refusal) && refusal.code).toBe('UNAVAILABLE');
  for (const fragment of fragments) expect((refusal as Error).message).toContain(fragment);
  await expect(dialed).rejects.toSatisfy((error: unknown) => isRpcError(error));
}

/** The server kept no refused peer and serves a value transport (structured clone, no codec) as before. */
async function expectServesPorts(server: Server): Promise<void> {
  expect(server.peers.size).toBe(0);
  const [clientEnd, serverEnd] = createInProcessPair();
  server.accept(serverEnd);
  const client = await openClient(clientEnd);
  await expect(client.call('Echo.say', 'port')).resolves.toBe('echo: port');
  client.close();
}

describe("the browser build's createServer() and byte transports", () => {
  test('by default it refuses a byte transport with UNAVAILABLE naming isorpcServerProtocol, closes it, and keeps serving ports', async () => {
    const { server, front } = await serveOverTcp({ codec: 'json' }, null);
    const dialed = connect(front.address, { codec: 'json', connectTimeout: 5_000 });
    await expectRefused(front, dialed, ["'stream' transport needs isorpc's byte framing", "server.accept(transport, isorpcServerProtocol) from 'isorpc/core'"]);
    await expectServesPorts(server);
  });

  test('with isorpcServerProtocol but without a codec it refuses a byte transport with UNAVAILABLE saying what to pass, closes it, and keeps serving ports', async () => {
    const { server, front } = await serveOverTcp();
    const dialed = connect(front.address, { connectTimeout: 5_000 });
    await expectRefused(front, dialed, ["'stream' transport needs a codec", "{ codec: 'json' }", 'createMsgpackCodec()']);
    await expectServesPorts(server);
  });

  test("`codec: 'msgpack'` names a codec this build does not have: the same typed refusal", async () => {
    const { front } = await serveOverTcp({ codec: 'msgpack' });
    const dialed = connect(front.address, { connectTimeout: 5_000 });
    const refusal = await front.firstOutcome;
    expect(isRpcError(refusal) && refusal.code).toBe('UNAVAILABLE');
    expect((refusal as Error).message).toContain('this build has no msgpack');
    await expect(dialed).rejects.toSatisfy((error: unknown) => isRpcError(error));
  });

  test("with isorpcServerProtocol and `codec: 'json'` it serves a byte transport to a JSON client", async () => {
    const { server, front } = await serveOverTcp({ codec: 'json' });
    const client = await connect(front.address, { codec: 'json' });
    await expect(front.firstOutcome).resolves.toBeUndefined();
    await expect(client.call('Echo.say', 'json')).resolves.toBe('echo: json');
    expect(server.peers.size).toBe(1);
    client.close();
  });

  test('with isorpcServerProtocol and `codec: createMsgpackCodec()` it serves a byte transport to a default (msgpack) client', async () => {
    const { front } = await serveOverTcp({ codec: createMsgpackCodec() });
    const client = await connect(front.address);
    await expect(client.call('Echo.say', 'msgpack')).resolves.toBe('echo: msgpack');
    await expect(client.call('Echo.back', { n: 1, list: [1, 2], text: 'ü' })).resolves.toEqual({ n: 1, list: [1, 2], text: 'ü' });
    client.close();
  });
});

describe("connectPort()'s client (ports only: no byte framing)", () => {
  test('serves a port and refuses a byte transport with UNAVAILABLE, closing it', async () => {
    const { front } = await serveOverTcp({ codec: createMsgpackCodec() });
    const socket = net.connect(Number(new URL(front.address).port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const refusal = await openPortClient(socketTransport(socket)).catch((error: unknown) => error);
    expect(isRpcError(refusal) && refusal.code).toBe('UNAVAILABLE');
    expect((refusal as Error).message).toContain("use openClient() from 'isorpc/core'");
    await closed;

    const server = createBrowserServer().register('Echo', { say: (text: string) => `echo: ${text}` });
    cleanups.push(() => server.close());
    const [clientEnd, serverEnd] = createInProcessPair();
    server.accept(serverEnd);
    const client = await openPortClient(clientEnd);
    await expect(client.call('Echo.say', 'port')).resolves.toBe('echo: port');
    client.close();
  });
});
