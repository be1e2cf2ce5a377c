// register/handle/use/proxy are written once (src/calls/peer-kit.ts) and mixed into every peer kind:
// the server, the isorpc client, the reconnecting client and the two-way protocol clients (JSON-RPC
// here). Each kind chains them, refuses middleware that is not a function, and runs its middleware
// around call(), go() and proxy calls (a proxy's streams too, on isorpc); handlers registered on a
// client answer the server's calls.
import { afterEach, describe, expect, test } from 'vitest';
import { connect, createServer, RpcError, type CallContext, type Client, type ClientMiddleware, type Peer, type Server } from '../../platforms/entries/node.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Kind {
  name: string;
  /** Opens a client of this kind to a server that has `Arith.add`, on a fresh loopback port. */
  open(server: Server): Promise<Client>;
  /** Whether the protocol carries call metadata (JSON-RPC has none on the wire). */
  metadata: boolean;
}

const kinds: Kind[] = [
  { name: 'isorpc client (tcp)', open: async (server) => connect(await server.listen('tcp://127.0.0.1:0')), metadata: true },
  { name: 'reconnecting client (tcp)', open: async (server) => connect(await server.listen('tcp://127.0.0.1:0'), { reconnect: true }), metadata: true },
  { name: 'JSON-RPC client (jsonrpc+tcp)', open: async (server) => (await connect(await server.listen('jsonrpc+tcp://127.0.0.1:0'))) as Client, metadata: false },
];

describe('the peer kit on every peer kind', () => {
  test('a server chains register and handle, and serves both', async () => {
    const server = createServer();
    cleanups.push(() => server.close());
    expect(server.register('Arith', { add: ({ a, b }: { a: number; b: number }) => a + b }).handle('Echo.say', (text) => `echo: ${String(text)}`)).toBe(server);
    const client = await connect(await server.listen('tcp://127.0.0.1:0'));
    cleanups.push(() => client.close());
    await expect(client.call('Arith.add', { a: 2, b: 3 })).resolves.toBe(5);
    await expect(client.call('Echo.say', 'hi')).resolves.toBe('echo: hi');
  });

  for (const kind of kinds) {
    test(`${kind.name}: use/register/handle chain, use refuses a non-function, middleware wraps call(), go() and proxies`, async () => {
      const server = createServer().register('Arith', {
        add: ({ a, b }: { a: number; b: number }) => a + b,
        whoami: (_arg: unknown, ctx: CallContext) => ctx.metadata.user ?? 'nobody',
      });
      cleanups.push(() => server.close());
      const client = await kind.open(server);
      cleanups.push(() => client.close());

      const seen: string[] = [];
      const record: ClientMiddleware = async (call, next) => {
        seen.push(call.method);
        call.options = { ...call.options, metadata: { user: 'ada' } };
        return next();
      };
      expect(client.use(record).register('Local', { ping: () => 'pong' }).handle('Local.echo', (value) => value)).toBe(client);
      expect(() => client.use('not a function' as unknown as ClientMiddleware)).toThrow(TypeError);
      expect(() => client.use('not a function' as unknown as ClientMiddleware)).toThrow(/use\(fn\): fn must be a function/);

      await expect(client.call('Arith.add', { a: 1, b: 2 })).resolves.toBe(3);
      expect((await client.go('Arith.add', { a: 2, b: 2 }).done).reply).toBe(4);
      const arith = client.proxy<{ add(arg: { a: number; b: number }): number; whoami(): string }>('Arith');
      await expect(arith.add({ a: 20, b: 22 })).resolves.toBe(42);
      await expect(arith.whoami()).resolves.toBe(kind.metadata ? 'ada' : 'nobody');
      expect(seen).toEqual(['Arith.add', 'Arith.add', 'Arith.add', 'Arith.whoami']);
    });
  }

  test("handlers registered on a client answer the server's calls", async () => {
    const server = createServer();
    cleanups.push(() => server.close());
    const connected = new Promise<Peer>((resolve) => server.on('connect', resolve));
    const client = await connect(await server.listen('tcp://127.0.0.1:0'));
    cleanups.push(() => client.close());
    client.register('Local', { ping: () => 'pong' }).handle('Local.twice', (n) => Number(n) * 2);
    const peer = await connected;
    await expect(peer.call('Local.ping')).resolves.toBe('pong');
    await expect(peer.call('Local.twice', 21)).resolves.toBe(42);
  });

  test('through middleware, a proxy streams every item, a retry sends again, and an answer without next() is the reply', async () => {
    const server = createServer().register('Feed', {
      async *count(n: number) {
        for (let i = 1; i <= n; i++) yield i;
      },
      flaky: (_arg: unknown, ctx: CallContext) => {
        if (ctx.metadata.attempt !== '2') throw new RpcError('UNAVAILABLE', 'try again');
        return 'second time';
      },
    });
    cleanups.push(() => server.close());
    const client = await connect(await server.listen('tcp://127.0.0.1:0'));
    cleanups.push(() => client.close());
    client.use(async (call, next) => {
      if (call.method === 'Feed.cached') return 'from the middleware';
      try {
        return await next();
      } catch (error) {
        call.options = { ...call.options, metadata: { attempt: '2' } };
        if (error instanceof RpcError && error.remoteCode === 'UNAVAILABLE') return next();
        throw error;
      }
    });
    const feed = client.proxy<{ count(n: number): AsyncIterable<number>; flaky(): string; cached(): string }>('Feed');
    const items: number[] = [];
    for await (const item of feed.count(5)) items.push(item);
    expect(items).toEqual([1, 2, 3, 4, 5]);
    await expect(feed.count(3)).resolves.toBe(1); // awaited, a stream gives its first item
    await expect(feed.flaky()).resolves.toBe('second time');
    await expect(feed.cached()).resolves.toBe('from the middleware');
    const answered: string[] = [];
    for await (const item of feed.cached() as unknown as AsyncIterable<string>) answered.push(item);
    expect(answered).toEqual(['from the middleware']);
  });
});
