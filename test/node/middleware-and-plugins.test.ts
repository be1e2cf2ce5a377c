// Middleware (server and client, onion order), connection-level plugins, peer events, handshake
// metadata and deadlines that fire in the handler without any cancel frame.
import { afterEach, describe, expect, test } from 'vitest';
import { FrameType, RpcError, connect, createServer, type Client, type Peer, type Plugin, type Server } from '../../platforms/entries/node.js';
import { helloFrame, rawTcpPeer, streamFrame } from './raw-peer.js';

let server: Server;
const clients: Client[] = [];

async function start(configure: (server: Server) => void, pluginList: Plugin[] = []): Promise<string> {
  server = createServer({ plugins: pluginList });
  server.handle('Echo.echo', (arg: unknown) => arg);
  server.handle('Echo.fail', () => {
    throw Object.assign(new Error('handler failed'), { code: 'E_HANDLER' });
  });
  configure(server);
  return server.listen('tcp://127.0.0.1:0');
}

async function client(address: string, options?: Parameters<typeof connect>[1]): Promise<Client> {
  const opened = await connect(address, options);
  clients.push(opened);
  return opened;
}

afterEach(async () => {
  for (const opened of clients.splice(0)) opened.close();
  await server.close();
});

describe('server middleware', () => {
  test('runs in onion order around the handler and can change the argument and the result', async () => {
    const order: string[] = [];
    const address = await start((s) => {
      s.use(async (ctx, next) => {
        order.push(`outer in ${ctx.method}`);
        const result = await next();
        order.push('outer out');
        return { wrapped: result };
      });
      s.use(async (ctx, next) => {
        order.push('inner in');
        ctx.arg = `${String(ctx.arg)}!`;
        return next();
      });
    });
    const c = await client(address);
    expect(await c.call('Echo.echo', 'hi')).toEqual({ wrapped: 'hi!' });
    expect(order).toEqual(['outer in Echo.echo', 'inner in', 'outer out']);
  });

  test('can short-circuit with its own reply or its own error code, and sees handler errors as REMOTE', async () => {
    const seen: string[] = [];
    const address = await start((s) =>
      s.use(async (ctx, next) => {
        if (ctx.metadata.role !== 'admin') throw new RpcError('NOT_FOUND', 'hidden from non-admins');
        if (ctx.method === 'Echo.cached') return 'from cache';
        try {
          return await next();
        } catch (error) {
          seen.push(`${(error as RpcError).code}/${String((error as RpcError).remoteCode)}`);
          throw error;
        }
      }),
    );
    const c = await client(address);
    await expect(c.call('Echo.echo', 1)).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'hidden from non-admins' });
    const admin = { metadata: { role: 'admin' } };
    await expect(c.call('Echo.fail', null, admin)).rejects.toMatchObject({ code: 'REMOTE', remoteCode: 'E_HANDLER' });
    expect(seen).toEqual(['REMOTE/E_HANDLER']);
    // Middleware runs for registered methods only: an unknown one is NOT_FOUND before any middleware.
    await expect(c.call('Echo.cached', null, admin)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  test('can set response metadata the caller reads', async () => {
    const address = await start((s) =>
      s.use(async (ctx, next) => {
        const started = Date.now();
        const result = await next();
        ctx.setResponseMetadata({ 'x-took-ms': String(Date.now() - started) });
        return result;
      }),
    );
    const c = await client(address);
    let metadata: Record<string, string> = {};
    await c.call('Echo.echo', 1, { onMetadata: (received) => (metadata = received) });
    expect(Number(metadata['x-took-ms'])).toBeGreaterThanOrEqual(0);
  });
});

describe('client middleware', () => {
  test('can add metadata, change arguments and results, and retry by calling next() again', async () => {
    let flakyCalls = 0;
    const address = await start((s) => {
      s.handle('Echo.whoami', (_arg, ctx) => ctx.metadata.user ?? 'anonymous');
      s.handle('Echo.flaky', (arg: string) => {
        if (++flakyCalls === 1) throw Object.assign(new Error('try again'), { code: 'E_BUSY' });
        return `ok after ${flakyCalls} with ${arg}`;
      });
    });
    const c = await client(address);
    c.use(async (call, next) => {
      call.options = { ...call.options, metadata: { ...call.options.metadata, user: 'ada' } };
      return next();
    });
    c.use(async (call, next) => {
      try {
        return await next();
      } catch (error) {
        if ((error as RpcError).remoteCode !== 'E_BUSY') throw error;
        call.arg = 'second try';
        return next();
      }
    });
    c.use(async (_call, next) => `«${String(await next())}»`);
    expect(await c.call('Echo.whoami')).toBe('«ada»');
    expect(await c.call('Echo.flaky', 'first try')).toBe('«ok after 2 with second try»');
    const handle = await c.go('Echo.whoami').done;
    expect(handle.reply).toBe('«ada»');
    await expect(c.call('Echo.fail')).rejects.toMatchObject({ remoteCode: 'E_HANDLER' });
  });
});

describe('plugins and peer events', () => {
  test('see connect, disconnect and every frame in and out, with handshake metadata and peer data', async () => {
    const log: string[] = [];
    let bytesIn = 0;
    let bytesOut = 0;
    const metrics: Plugin = {
      name: 'metrics',
      onConnect: (peer) => log.push(`connect ${peer.remoteMetadata.app}`),
      onDisconnect: (_peer, reason) => log.push(`disconnect ${reason.code}`),
      beforeDecode: (data) => void (bytesIn += (data as Uint8Array).byteLength),
      afterEncode: (data) => void (bytesOut += (data as Uint8Array).byteLength),
    };
    const address = await start((s) => {
      s.on('connect', (peer: Peer) => {
        peer.data.user = peer.remoteMetadata.user;
      });
      s.handle('Who.am', (_arg, ctx) => ctx.peer.data.user);
    }, [metrics]);
    const disconnected = new Promise<string>((resolve) => server.on('disconnect', (_peer, reason) => resolve(reason.code)));
    const c = await client(address, { metadata: { app: 'test-suite', user: 'grace' } });
    expect(server.peers.size).toBe(1);
    expect(await c.call('Who.am')).toBe('grace');
    expect(bytesIn).toBeGreaterThan(0);
    expect(bytesOut).toBeGreaterThan(0);
    c.close();
    expect(await disconnected).toBe('CLOSED');
    expect(log).toEqual(['connect test-suite', 'disconnect CLOSED']);
    expect(server.peers.size).toBe(0);
  });

  test('a plugin that throws in beforeDecode closes only that connection, with its error', async () => {
    const address = await start(() => undefined, [
      {
        name: 'deny-big',
        beforeDecode: (data) => {
          if ((data as Uint8Array).byteLength > 1000) throw new RpcError('BAD_REQUEST', 'no large frames here');
        },
      },
    ]);
    const victim = await client(address);
    const bystander = await client(address);
    await expect(victim.call('Echo.echo', 'x'.repeat(2000))).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'no large frames here' });
    expect(victim.closed).toBe(true);
    expect(await bystander.call('Echo.echo', 'still here')).toBe('still here');
  });
});

describe('deadlines', () => {
  test('the handler signal fires at the caller deadline even when no cancel frame ever arrives', async () => {
    let abortedWith = '';
    const address = await start((s) =>
      s.handle('Slow.wait', (_arg, ctx) => {
        return new Promise((resolve) =>
          ctx.signal.addEventListener('abort', () => {
            abortedWith = (ctx.signal.reason as RpcError).code;
            resolve('late');
          }),
        );
      }),
    );
    // A raw peer sends a request with a 100 ms deadline and then stays silent: no Cancel frame.
    const peer = await rawTcpPeer(address);
    peer.write(helloFrame());
    await peer.next(FrameType.Welcome);
    peer.write(streamFrame({ type: FrameType.Request, seq: 1, method: 'Slow.wait', timeout: 100 }));
    for (let waited = 0; abortedWith === '' && waited < 5000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(abortedWith).toBe('TIMEOUT');
    // The caller has given up, so no reply is sent.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(peer.frames.filter((frame) => frame.seq === 1)).toEqual([]);
    peer.destroy();
  });
});
