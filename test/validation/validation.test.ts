// Standard Schema validation with zod and with valibot: arguments are parsed before the handler runs
// (BAD_REQUEST with the issues when they fail), replies after (INTERNAL, details to the plugins),
// async schemas, register() with per-method schemas, streams, and a client serving validated methods.
import { afterEach, describe, expect, test } from 'vitest';
import { connect, createServer, isRpcError, type CallContext, type Client, type Plugin, type RpcError, type Server } from '../../platforms/entries/node.js';
import { LIBRARIES } from './schemas.js';

let server: Server | undefined;
const clients: Client[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server?.close();
  server = undefined;
});

async function rejection(promise: Promise<unknown>): Promise<RpcError> {
  const error = await promise.then(
    () => new Error('expected a rejection'),
    (reason: unknown) => reason,
  );
  expect(isRpcError(error), String(error)).toBe(true);
  return error as RpcError;
}

async function open(address: string): Promise<Client> {
  const client = await connect(address);
  clients.push(client);
  return client;
}

describe.each(LIBRARIES)('with $name', (schemas) => {
  test('the handler gets the parsed argument: coercions and defaults applied', async () => {
    const seen: unknown[] = [];
    server = createServer().handle(
      'Geo.norm',
      (point) => {
        seen.push(point);
        return { sum: point.x + point.y };
      },
      { input: schemas.point, output: schemas.reply },
    );
    const client = await open(await server.listen('tcp://127.0.0.1:0'));
    expect(await client.call('Geo.norm', { x: '3', y: 4 })).toEqual({ sum: 7 });
    expect(seen).toEqual([{ x: 3, y: 4, label: 'origin' }]);
  });

  test('an invalid argument is BAD_REQUEST with data.issues, and the handler never runs', async () => {
    let ran = 0;
    server = createServer().handle(
      'Geo.norm',
      () => {
        ran++;
        return { sum: 0 };
      },
      { input: schemas.point },
    );
    const client = await open(await server.listen('tcp://127.0.0.1:0'));
    const error = await rejection(client.call('Geo.norm', { x: 'three', label: 5 }));
    expect(error.code).toBe('BAD_REQUEST');
    const issues = (error.data as { issues: Array<{ message: string; path: unknown[] }> }).issues;
    expect(issues.length).toBeGreaterThanOrEqual(2);
    for (const issue of issues) {
      expect(typeof issue.message).toBe('string');
      expect(Array.isArray(issue.path)).toBe(true);
    }
    expect(issues.map((issue) => issue.path[0])).toEqual(expect.arrayContaining(['x', 'y', 'label']));
    // The message names the first problem and its place.
    expect(error.message).toContain(`Invalid argument for Geo.norm: at ${issues[0]!.path.join('.')}: ${issues[0]!.message}`);
    expect(ran).toBe(0);
  });

  test('an invalid reply is INTERNAL for the caller; the plugins get the issues', async () => {
    const reported: Array<{ method: string; error: RpcError }> = [];
    const plugin: Plugin = { name: 'log', onInvalidOutput: (_peer, method, error) => reported.push({ method, error }) };
    server = createServer({ plugins: [plugin] }).handle('Geo.bad', () => ({ sum: 1.5 }), { output: schemas.reply });
    const client = await open(await server.listen('tcp://127.0.0.1:0'));
    const error = await rejection(client.call('Geo.bad'));
    expect(error.code).toBe('INTERNAL');
    expect(error.data).toBeUndefined();
    expect(error.message).not.toContain('1.5');
    expect(error.message).toContain('did not match its output schema');
    expect(reported).toHaveLength(1);
    expect(reported[0]!.method).toBe('Geo.bad');
    expect(reported[0]!.error.message).toContain('at sum:');
    expect((reported[0]!.error.data as { issues: Array<{ path: unknown[] }> }).issues[0]!.path).toEqual(['sum']);
  });

  test('async schemas are awaited', async () => {
    server = createServer().handle('Ids.claim', ({ id }) => `claimed ${id}`, { input: schemas.strict });
    const client = await open(await server.listen('tcp://127.0.0.1:0'));
    expect(await client.call('Ids.claim', { id: 'mine' })).toBe('claimed mine');
    const error = await rejection(client.call('Ids.claim', { id: 'taken' }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain('id is taken');
    expect((error.data as { issues: Array<{ path: unknown[] }> }).issues[0]!.path).toEqual(['id']);
  });

  test('register() checks each method with its own schemas; methods without schemas are untouched', async () => {
    server = createServer().register(
      'Geo',
      {
        norm: (point: { x: number; y: number; label: string }) => ({ sum: point.x + point.y, label: point.label }),
        free: (value: unknown) => value,
      },
      { schemas: { norm: { input: schemas.point } } },
    );
    const client = await open(await server.listen('tcp://127.0.0.1:0'));
    expect(await client.call('Geo.norm', { x: '1', y: '2' })).toEqual({ sum: 3, label: 'origin' });
    expect((await rejection(client.call('Geo.norm', { x: 1 }))).code).toBe('BAD_REQUEST');
    expect(await client.call('Geo.free', { anything: true })).toEqual({ anything: true });
    expect(server.schemasOf('Geo.norm')?.input).toBe(schemas.point);
    expect(server.schemasOf('Geo.free')).toBeUndefined();
  });

  test('a streamed reply is checked item by item: good items arrive, then INTERNAL', async () => {
    server = createServer().handle(
      'Count.up',
      async function* (to: number) {
        for (let i = 8; i <= to; i++) yield i;
      },
      { output: schemas.item },
    );
    const client = await open(await server.listen('tcp://127.0.0.1:0'));
    const items: number[] = [];
    const error = await rejection(
      (async () => {
        for await (const item of client.stream<number>('Count.up', 12)) items.push(item);
      })(),
    );
    expect(items).toEqual([8, 9, 10]);
    expect(error.code).toBe('INTERNAL');
  });

  test('a client serves validated methods to the server too', async () => {
    server = createServer();
    const connected = new Promise<CallContext['peer']>((resolve) => server!.on('connect', resolve));
    const client = await open(await server.listen('tcp://127.0.0.1:0'));
    client.handle('Ui.move', (point) => `moved to ${point.x},${point.y} (${point.label})`, { input: schemas.point });
    const peer = await connected;
    expect(await peer.call('Ui.move', { x: '5', y: 6 })).toBe('moved to 5,6 (origin)');
    const error = await rejection(peer.call('Ui.move', { x: 5 }));
    expect(error.code).toBe('BAD_REQUEST');
    expect((error.data as { issues: unknown[] }).issues.length).toBeGreaterThan(0);
  });
});

describe('registration refuses what cannot work, at the call', () => {
  test('a schema that is not a Standard Schema, and a schema key that names no method', () => {
    const target = createServer();
    expect(() => target.handle('a', (x: unknown) => x, { input: { parse: () => 1 } } as never)).toThrow(/not a Standard Schema/);
    expect(() => target.register('S', { run: () => 1 }, { schemas: { rnu: { input: LIBRARIES[0].item } } } as never)).toThrow(/"rnu" is not a method of impl \(it has: run\)/);
    expect(target.methods()).toEqual([]);
  });

  test('a validator that throws answers INTERNAL and the server keeps serving', async () => {
    const broken = { '~standard': { version: 1 as const, vendor: 'broken', validate: (): never => { throw new Error('validator bug'); } } };
    server = createServer().handle('Broken.run', () => 'never', { input: broken }).handle('Ok.run', () => 'ok');
    const client = await open(await server.listen('tcp://127.0.0.1:0'));
    const error = await rejection(client.call('Broken.run', 1));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).not.toContain('validator bug');
    expect(await client.call('Ok.run')).toBe('ok');
  });
});
