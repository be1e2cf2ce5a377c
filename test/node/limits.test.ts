// Configurable limits between real peers over TCP: each refuses only what is over it.
import { afterEach, describe, expect, test } from 'vitest';
import { connect, createServer, type Client, type Server, type ServerOptions } from '../../platforms/entries/node.js';
import { outcome, sleep } from './helpers.js';

const open: Array<Client | Server> = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

async function serve(options: ServerOptions): Promise<string> {
  const server = createServer(options)
    .handle('echo', (value) => value)
    .handle('nap', () => sleep(100).then(() => 'rested'));
  open.push(server);
  return server.listen('tcp://127.0.0.1:0');
}

async function client(address: string, options = {}): Promise<Client> {
  const made = await connect(address, options);
  open.push(made);
  return made;
}

function nested(depth: number): unknown {
  let value: unknown = 'core';
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

describe('limits', () => {
  test('calls past maxInFlightCalls get RESOURCE_EXHAUSTED; the connection stays up', async () => {
    const caller = await client(await serve({ maxInFlightCalls: 5 }));
    const codes = await Promise.all(Array.from({ length: 20 }, () => outcome(caller.call('nap'))));
    expect(codes.filter((code) => code === 'resolved')).toHaveLength(5);
    expect(codes.filter((code) => code === 'RESOURCE_EXHAUSTED')).toHaveLength(15);
    expect(await caller.call('echo', 'still up')).toBe('still up');
  });

  test('connections past maxConnections are refused with RESOURCE_EXHAUSTED; a freed slot is reused', async () => {
    const address = await serve({ maxConnections: 2 });
    const first = await client(address);
    await client(address);
    expect(await outcome(connect(address))).toBe('RESOURCE_EXHAUSTED');
    first.close();
    await sleep(50);
    expect(await (await client(address)).call('echo', 3)).toBe(3);
  });

  test('metadata over maxMetadataSize closes that connection with FRAME_TOO_LARGE; others are served', async () => {
    const address = await serve({ maxMetadataSize: 1024 });
    const bad = await client(address);
    const good = await client(address);
    expect(await bad.call('echo', 1, { metadata: { small: 'x'.repeat(900) } })).toBe(1);
    expect(await outcome(bad.call('echo', 1, { metadata: { big: 'x'.repeat(2000) } }))).toBe('FRAME_TOO_LARGE');
    expect(bad.closed).toBe(true);
    expect(await good.call('echo', 2)).toBe(2);
  });

  test('bodies nested deeper than maxDepth are BAD_REQUEST, with msgpack and JSON; the connection stays up', async () => {
    const address = await serve({ maxDepth: 16 });
    for (const codec of ['msgpack', 'json'] as const) {
      const caller = await client(address, { codec });
      expect(await caller.call('echo', nested(15))).toEqual(nested(15));
      const error = await caller.call('echo', nested(50)).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('maxDepth') });
      expect(await caller.call('echo', 'fine')).toBe('fine');
    }
  });

  test('strings and binary over maxStringLength / maxBinaryLength are BAD_REQUEST', async () => {
    const caller = await client(await serve({ maxStringLength: 100, maxBinaryLength: 100 }));
    expect(await outcome(caller.call('echo', 'x'.repeat(101)))).toBe('BAD_REQUEST');
    expect(await outcome(caller.call('echo', new Uint8Array(101)))).toBe('BAD_REQUEST');
    expect(await caller.call('echo', 'x'.repeat(100))).toHaveLength(100);
  });

  test('rate limits: a burst past the per-connection bucket gets RESOURCE_EXHAUSTED, and the global bucket is shared', async () => {
    const perConnection = await client(await serve({ rateLimit: { perConnection: { rate: 1, burst: 5 } } }));
    const codes = await Promise.all(Array.from({ length: 20 }, () => outcome(perConnection.call('echo', 1))));
    expect(codes.filter((code) => code === 'resolved')).toHaveLength(5);
    expect(codes.filter((code) => code === 'RESOURCE_EXHAUSTED')).toHaveLength(15);

    const address = await serve({ rateLimit: { global: { rate: 1, burst: 6 } } });
    const [a, b] = [await client(address), await client(address)];
    const shared = await Promise.all([...Array.from({ length: 5 }, () => outcome(a.call('echo', 1))), ...Array.from({ length: 5 }, () => outcome(b.call('echo', 1)))]);
    expect(shared.filter((code) => code === 'resolved')).toHaveLength(6);
    expect(shared.filter((code) => code === 'RESOURCE_EXHAUSTED')).toHaveLength(4);
  });

  test('rate limits both per connection and shared: a call must find a token in each', async () => {
    // Rates this slow refill nothing while the test runs.
    const address = await serve({ rateLimit: { perConnection: { rate: 0.01, burst: 3 }, global: { rate: 0.01, burst: 4 } } });
    const [a, b] = [await client(address), await client(address)];
    const first = await Promise.all(Array.from({ length: 5 }, () => outcome(a.call('echo', 1))));
    expect(first.filter((code) => code === 'resolved')).toHaveLength(3); // a's own bucket
    const second = await Promise.all(Array.from({ length: 5 }, () => outcome(b.call('echo', 1))));
    expect(second.filter((code) => code === 'resolved')).toHaveLength(1); // the shared bucket's last token
  });

  test('a rate that is not a number > 0 is refused when the server is created, naming the rule', () => {
    for (const rateLimit of [{ perConnection: { rate: 0 } }, { global: { rate: Number.NaN } }]) {
      expect(() => createServer({ rateLimit })).toThrow(/rate must be a number of calls per second > 0/);
    }
  });
});
