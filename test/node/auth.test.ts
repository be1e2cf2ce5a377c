// Auth in the handshake, per-call authorization, and WebSocket origins.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { FrameType, connect, createServer, type Server } from '../../platforms/entries/node.js';
import { outcome } from './helpers.js';
import { rawTcpPeer, streamFrame } from './raw-peer.js';

let server: Server;
let address: string;
const dispatched: string[] = [];
const seenCredentials: Array<string | undefined> = [];

beforeAll(async () => {
  server = createServer()
    .auth((token) => {
      seenCredentials.push(token);
      return token === 'secret' ? { user: 'ada', admin: false } : false;
    })
    .authorize((ctx) => !ctx.method.startsWith('Admin.') || (ctx.peer.auth as { admin?: boolean } | undefined)?.admin === true)
    .handle('whoami', (_arg, ctx) => {
      dispatched.push('whoami');
      return ctx.peer.auth;
    })
    .handle('Admin.reset', () => {
      dispatched.push('Admin.reset');
      return 'reset';
    });
  address = await server.listen('tcp://127.0.0.1:0');
});
afterAll(() => server.close());

describe('auth', () => {
  test('valid credentials: what auth returned is the peer’s auth, readable by handlers', async () => {
    const client = await connect(address, { auth: 'secret' });
    expect(await client.call('whoami')).toEqual({ user: 'ada', admin: false });
    client.close();
  });

  test('a function is asked for the credentials at each connect', async () => {
    let asked = 0;
    const client = await connect(address, { auth: async () => (asked++, 'secret') });
    expect(asked).toBe(1);
    expect(await client.call('whoami')).toMatchObject({ user: 'ada' });
    client.close();
  });

  test('wrong or missing credentials: connect rejects with UNAUTHENTICATED', async () => {
    expect(await outcome(connect(address, { auth: 'wrong' }))).toBe('UNAUTHENTICATED');
    expect(await outcome(connect(address))).toBe('UNAUTHENTICATED');
    expect(seenCredentials).toContain(undefined);
  });

  test('a raw peer that pipelines calls after a Hello without credentials gets nothing dispatched', async () => {
    const before = dispatched.length;
    const peer = await rawTcpPeer(address);
    peer.write(streamFrame({ type: FrameType.Hello }, { version: 1, maxFrameSize: 1 << 20 }));
    for (let seq = 1; seq <= 50; seq++) peer.write(streamFrame({ type: FrameType.Request, seq, method: 'whoami' }));
    const goAway = await peer.next(FrameType.GoAway);
    expect(['UNAUTHENTICATED', 'PROTOCOL']).toContain((goAway.value as { code: string }).code);
    await peer.closed;
    expect(peer.frames.some((frame) => frame.type === FrameType.Welcome || frame.type === FrameType.Response)).toBe(false);
    expect(dispatched.length).toBe(before);
  });

  test('authorize refuses single methods with PERMISSION_DENIED; the connection stays up', async () => {
    const client = await connect(address, { auth: 'secret' });
    const before = dispatched.length;
    expect(await outcome(client.call('Admin.reset'))).toBe('PERMISSION_DENIED');
    expect(dispatched.length).toBe(before);
    expect(await client.call('whoami')).toMatchObject({ user: 'ada' });
    client.close();
  });

  test('a reconnecting client with bad credentials gives up instead of retrying', async () => {
    expect(await outcome(connect(address, { auth: 'wrong', reconnect: { initialDelay: 10 } }))).toBe('CLOSED');
  });
});

describe('WebSocket origins', () => {
  test('only listed origins may upgrade; others get HTTP 403', async () => {
    const wsServer = createServer().handle('ping', () => 'pong');
    const wsAddress = await wsServer.listen('ws://127.0.0.1:0/rpc', { allowedOrigins: ['https://app.example'] });
    const status = (origin: string): Promise<number> =>
      new Promise((resolve) => {
        const socket = new WebSocket(wsAddress, { origin });
        socket.once('open', () => (socket.close(), resolve(101)));
        socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        socket.once('error', () => undefined);
      });
    expect(await status('https://evil.example')).toBe(403);
    expect(await status('https://app.example')).toBe(101);
    await wsServer.close();
  });
});
