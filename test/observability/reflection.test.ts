// The opt-in reflection service: off by default, lists services with call counts, and goes through
// the server's middleware like any call (so the same auth protects it).
import { afterEach, describe, expect, test } from 'vitest';
import { RpcError, connect, createMetrics, createServer, enableReflection, type Client, type ReflectionList, type Server } from '../../platforms/entries/node.js';

let server: Server;
const clients: Client[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server.close();
});

async function open(address: string, token?: string): Promise<Client> {
  const client = await connect(address, token === undefined ? {} : { metadata: { token } });
  clients.push(client);
  return client;
}

function arithServer(): Server {
  return createServer()
    .register('Arith', { multiply: ({ a, b }: { a: number; b: number }) => a * b, add: ({ a, b }: { a: number; b: number }) => a + b })
    .handle('/echo', (arg: unknown) => arg);
}

describe('reflection', () => {
  test('is off by default', async () => {
    server = arithServer();
    const client = await open(await server.listen('tcp://127.0.0.1:0'));
    await expect(client.call('isorpc.list')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  test('lists services, methods and call counts, and describes one service', async () => {
    server = arithServer();
    const metrics = createMetrics();
    metrics.attach(server);
    enableReflection(server, { metrics });
    const client = await open(await server.listen('tcp://127.0.0.1:0'));
    await client.call('Arith.multiply', { a: 2, b: 3 });
    await client.call('Arith.multiply', { a: 2, b: 3 });
    const list = (await client.call('isorpc.list')) as ReflectionList;
    expect(list.services.map((s) => s.name)).toEqual(['', 'Arith', 'isorpc']);
    expect(list.services[1]).toEqual({ name: 'Arith', methods: [{ name: 'Arith.add', calls: 0 }, { name: 'Arith.multiply', calls: 2 }] });
    expect(list.services[0]!.methods.map((m) => m.name)).toEqual(['/echo']);
    expect(await client.call('isorpc.describe', 'Arith')).toMatchObject({ name: 'Arith' });
    await expect(client.call('isorpc.describe', 'Nope')).rejects.toMatchObject({ code: 'REMOTE', remoteCode: 'NOT_FOUND' });
  });

  test('is protected by the same middleware (auth) as every other call', async () => {
    server = arithServer();
    server.use(async (ctx, next) => {
      if (ctx.peer.remoteMetadata.token !== 'secret') throw new RpcError('BAD_REQUEST', 'unauthenticated');
      return next();
    });
    enableReflection(server);
    const address = await server.listen('tcp://127.0.0.1:0');
    const anonymous = await open(address);
    await expect(anonymous.call('isorpc.list')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const trusted = await open(address, 'secret');
    const list = (await trusted.call('isorpc.list')) as ReflectionList;
    expect(list.services.find((s) => s.name === 'Arith')?.methods.map((m) => m.name)).toEqual(['Arith.add', 'Arith.multiply']);
  });
});
