// isorpc against an independent JSON-RPC 2.0 implementation (the json-rpc-2.0 package), both ways,
// over TCP, WebSocket and HTTP: its client calls isorpc servers, isorpc clients call its server.
import { JSONRPCErrorException, type JSONRPCResponse } from 'json-rpc-2.0';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connect, createServer, isRpcError, type JsonRpcClient, type RpcError, type Server } from '../../platforms/entries/node.js';
import { foreignClient, foreignServer, type ForeignClient, type ForeignServer, type Kind } from './json-rpc-2-transports.js';

const KINDS: Kind[] = ['tcp', 'ws', 'http'];
const UNICODE = 'ünïcødé ✓ 日本 🎉';

async function eventually<T>(read: () => T | undefined | Promise<T | undefined>): Promise<T> {
  for (let waited = 0; waited < 2000; waited += 10) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('nothing within 2 s');
}

async function rejection(promise: PromiseLike<unknown>): Promise<RpcError> {
  const error = await Promise.resolve(promise).then(
    () => new Error('expected a rejection'),
    (reason: unknown) => reason,
  );
  expect(isRpcError(error), String(error)).toBe(true);
  return error as RpcError;
}

function listenAddress(kind: Kind): string {
  return kind === 'tcp' ? 'jsonrpc+tcp://127.0.0.1:0' : `jsonrpc+${kind}://127.0.0.1:0/rpc`;
}

describe.each(KINDS)('the json-rpc-2.0 client calls an isorpc server over %s', (kind) => {
  let server: Server;
  let foreign: ForeignClient;
  const notes: string[] = [];
  beforeAll(async () => {
    server = createServer();
    server.register('Arith', {
      multiply: ({ a, b }: { a: number; b: number }) => a * b,
      sum: (numbers: number[]) => numbers.reduce((total, n) => total + n, 0),
      divide: ({ a, b }: { a: number; b: number }) => {
        if (b === 0) throw Object.assign(new Error('divide by zero'), { code: 42, data: { b } });
        return a / b;
      },
      fail: () => {
        throw Object.assign(new Error('string code'), { code: 'E_STRING' });
      },
      nothing: () => undefined,
    });
    server.register('Log', { write: (note: string) => void notes.push(note) });
    server.handle('Echo.text', (text: string) => text);
    foreign = await foreignClient(kind, await server.listen(listenAddress(kind)));
  });
  afterAll(async () => {
    foreign?.close();
    await server?.close();
  });

  test('by-name and by-position params reach the handler', async () => {
    expect(await foreign.client.request('Arith.multiply', { a: 7, b: 8 })).toBe(56);
    expect(await foreign.client.request('Arith.sum', [1, 2, 3])).toBe(6);
    expect(await foreign.client.request('Echo.text', [UNICODE])).toBe(UNICODE);
  });

  test("a handler error is an application error with the handler's numeric code, message and data; -32000 otherwise", async () => {
    await expect(foreign.client.request('Arith.divide', { a: 1, b: 0 })).rejects.toMatchObject({ code: 42, message: 'divide by zero', data: { b: 0 } });
    await expect(foreign.client.request('Arith.fail', undefined)).rejects.toMatchObject({ code: -32000, message: 'string code' });
  });

  test('an unknown method is -32601', async () => {
    await expect(foreign.client.request('Nope.method', {})).rejects.toMatchObject({ code: -32601 });
  });

  test('a handler that returns nothing answers result null', async () => {
    expect(await foreign.client.request('Arith.nothing', undefined)).toBeNull();
  });

  test('a notification runs the handler and is never answered', async () => {
    const note = `${kind}-${Date.now()}`;
    foreign.client.notify('Log.write', [note]);
    expect(await eventually(() => notes.find((seen) => seen === note))).toBe(note);
  });

  test('a batch gets one response per request and none for its notifications', async () => {
    const responses: JSONRPCResponse[] = await foreign.client.requestAdvanced([
      { jsonrpc: '2.0', id: 101, method: 'Arith.multiply', params: { a: 2, b: 3 } },
      { jsonrpc: '2.0', method: 'Log.write', params: [`batch-${kind}`] },
      { jsonrpc: '2.0', id: 102, method: 'Nope.method' },
    ]);
    const byId = new Map(responses.map((response) => [response.id, response]));
    expect(responses).toHaveLength(2);
    expect(byId.get(101)).toMatchObject({ result: 6 });
    expect(byId.get(102)).toMatchObject({ error: { code: -32601 } });
  });
});

describe.each(KINDS)('an isorpc client calls the json-rpc-2.0 server over %s', (kind) => {
  let foreign: ForeignServer;
  let client: JsonRpcClient;
  const notes: unknown[] = [];
  beforeAll(async () => {
    foreign = await foreignServer(kind, (both) => {
      both.addMethod('Arith.multiply', ({ a, b }: { a: number; b: number }) => a * b);
      both.addMethod('Echo.text', ([text]: [string]) => text);
      both.addMethod('Arith.fail', () => {
        throw new JSONRPCErrorException('no luck', 42, { detail: 1 });
      });
      both.addMethod('Log.write', (params: unknown) => void notes.push(params));
      both.addMethod('Slow.never', () => new Promise(() => undefined));
    });
    client = await connect(foreign.address as `jsonrpc+${string}`);
  });
  afterAll(async () => {
    client?.close();
    await foreign?.close();
  });

  test('objects go by name and other values by position', async () => {
    expect(await client.call('Arith.multiply', { a: 7, b: 8 })).toBe(56);
    expect(await client.call('Echo.text', UNICODE)).toBe(UNICODE);
  });

  test('an application error is REMOTE with remoteCode and data', async () => {
    const error = await rejection(client.call('Arith.fail'));
    expect(error).toMatchObject({ code: 'REMOTE', message: 'no luck', remoteCode: 42, data: { detail: 1 } });
  });

  test('an unknown method is NOT_FOUND with remoteCode -32601', async () => {
    expect(await rejection(client.call('Nope.method'))).toMatchObject({ code: 'NOT_FOUND', remoteCode: -32601 });
  });

  test('a notification reaches the server', async () => {
    const note = `${kind}-${Date.now()}`;
    client.notify('Log.write', note);
    expect(await eventually(() => notes.find((seen) => Array.isArray(seen) && seen[0] === note))).toEqual([note]);
  });

  test('a batch settles each entry on its own, in order', async () => {
    const results = await client.batch([
      { method: 'Arith.multiply', arg: { a: 6, b: 7 } },
      { method: 'Log.write', arg: `batch-${kind}`, notify: true },
      { method: 'Nope.method' },
    ]);
    expect(results[0]).toEqual({ reply: 42, error: undefined });
    expect(results[1]).toEqual({ reply: undefined, error: undefined });
    expect(results[2]!.error?.code).toBe('NOT_FOUND');
    expect(await eventually(() => notes.find((seen) => Array.isArray(seen) && seen[0] === `batch-${kind}`))).toBeDefined();
  });

  test('a call that gets no reply times out, and nothing stays pending', async () => {
    expect((await rejection(client.call('Slow.never', undefined, { timeout: 50 }))).code).toBe('TIMEOUT');
    expect(client.pendingCalls).toBe(0);
    expect(await client.call('Arith.multiply', { a: 1, b: 1 })).toBe(1);
  });
});

test('over WebSocket the json-rpc-2.0 server calls back a handler the isorpc client registered', async () => {
  const foreign = await foreignServer('ws', (both) => {
    both.addMethod('Ask.client', () => both.request('Client.whoami', { name: 'json-rpc-2.0' }));
  });
  const client = await connect(foreign.address as `jsonrpc+${string}`);
  client.handle('Client.whoami', ({ name }: { name: string }) => `hello ${name}`);
  expect(await client.call('Ask.client')).toBe('hello json-rpc-2.0');
  client.close();
  await foreign.close();
});
