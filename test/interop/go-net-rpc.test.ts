// isorpc against real Go: a Go net/rpc server (net/rpc/jsonrpc) called by an isorpc client over
// gorpc+tcp://, and a Go jsonrpc client calling an isorpc server. The Go programs are in ./go.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connect, createServer, isRpcError, type Client, type RpcError, type Server } from '../../platforms/entries/node.js';
import { buildGoPrograms, runGoClient, startGoServer, type GoPrograms, type GoServer } from './go-toolchain.js';

const UNICODE = 'ünïcødé ✓ 日本 🎉 <tag> & "quotes" \u2028';

let programs: GoPrograms;
beforeAll(async () => {
  programs = await buildGoPrograms();
}, 120_000);
afterAll(() => programs?.remove());

async function rejection(promise: Promise<unknown>): Promise<RpcError> {
  const error = await promise.then(
    () => new Error('expected a rejection'),
    (reason: unknown) => reason,
  );
  expect(isRpcError(error), String(error)).toBe(true);
  return error as RpcError;
}

describe('an isorpc client calls a Go net/rpc server (gorpc+tcp://)', () => {
  let go: GoServer;
  let client: Client;
  beforeAll(async () => {
    go = await startGoServer(programs.server);
    client = await connect(go.address);
  });
  afterAll(async () => {
    client?.close();
    await go?.stop();
  });

  test('calls Arith.Multiply with a struct argument', async () => {
    expect(await client.call('Arith.Multiply', { A: 7, B: 8 })).toBe(56);
  });

  test("a Go method's error arrives as REMOTE with Go's text", async () => {
    const error = await rejection(client.call('Arith.Divide', { A: 1, B: 0 }));
    expect(error.code).toBe('REMOTE');
    expect(error.message).toBe('divide by zero');
  });

  test("unknown services and methods are NOT_FOUND, with Go's own text", async () => {
    const service = await rejection(client.call('Nope.Method', {}));
    expect([service.code, service.message]).toEqual(['NOT_FOUND', "rpc: can't find service Nope.Method"]);
    const method = await rejection(client.call('Arith.Nope', {}));
    expect([method.code, method.message]).toEqual(['NOT_FOUND', "rpc: can't find method Arith.Nope"]);
  });

  test("an argument Go cannot decode is BAD_REQUEST, and the connection keeps working", async () => {
    const error = await rejection(client.call('Arith.Multiply', 'not a struct'));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain('cannot unmarshal string');
    expect(await client.call('Arith.Multiply', { A: 2, B: 3 })).toBe(6);
  });

  test('unicode strings round-trip, escapes and all', async () => {
    expect(await client.call('Echo.Text', UNICODE)).toBe(UNICODE);
  });

  test('binary goes as base64, which Go decodes into []byte (and sends back the same way)', async () => {
    const reply = await client.call<string>('Echo.Reverse', Uint8Array.of(1, 2, 3, 255));
    expect([...Buffer.from(reply, 'base64')]).toEqual([255, 3, 2, 1]);
  });

  test('200 concurrent calls on one connection settle right, matched by id though Go answers out of order', async () => {
    const order: number[] = [];
    const calls = Array.from({ length: 200 }, (_, i) =>
      client.call<number>('Arith.Slow', { Value: i, Ms: (200 - i) % 40 }).then((reply) => {
        order.push(i);
        return reply;
      }),
    );
    expect(client.pendingCalls).toBe(200);
    const replies = await Promise.all(calls);
    replies.forEach((reply, i) => expect(reply).toBe(i));
    expect(order).not.toEqual([...order].sort((a, b) => a - b));
    expect(client.pendingCalls).toBe(0);
  });

  test('a timeout rejects locally; the late reply is dropped and later calls are unaffected', async () => {
    const error = await rejection(client.call('Arith.Slow', { Value: 1, Ms: 300 }, { timeout: 30 }));
    expect(error.code).toBe('TIMEOUT');
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(await client.call('Arith.Multiply', { A: 4, B: 5 })).toBe(20);
  });

  test('notify sends a call whose reply is dropped; ping measures a round trip', async () => {
    client.notify('Arith.Multiply', { A: 1, B: 1 });
    expect(await client.ping()).toBeGreaterThanOrEqual(0);
    expect(await client.call('Arith.Multiply', { A: 3, B: 3 })).toBe(9);
    expect(client.pendingCalls).toBe(0);
  });

  test('close() rejects pending calls with CLOSED', async () => {
    const other = await connect(go.address);
    const pending = rejection(other.call('Arith.Slow', { Value: 1, Ms: 2000 }));
    other.close();
    expect((await pending).code).toBe('CLOSED');
  });

  test('a refused connection is UNAVAILABLE', async () => {
    const free = await createServer().listen('tcp://127.0.0.1:0');
    const error = await rejection(connect(free.replace('tcp://', 'gorpc+tcp://').replace(/:\d+$/, ':1')));
    expect(error.code).toBe('UNAVAILABLE');
  });
});

describe('a Go jsonrpc client calls an isorpc server (gorpc+tcp://)', () => {
  let server: Server;
  let hostPort: string;
  beforeAll(async () => {
    server = createServer();
    server.register('Arith', {
      Multiply: ({ A, B }: { A: number; B: number }) => A * B,
      Divide: ({ A, B }: { A: number; B: number }) => {
        if (B === 0) throw new Error('divide by zero');
        return A / B;
      },
      Slow: ({ Value, Ms }: { Value: number; Ms: number }) => new Promise((resolve) => setTimeout(resolve, Ms, Value)),
    });
    server.register('Echo', {
      Text: (text: string) => text,
      // Go sends a []byte as base64; the reply goes back as bytes, which JSON carries as base64.
      Reverse: (base64: string) => Buffer.from(base64, 'base64').reverse(),
    });
    server.register('Void', { Nothing: () => undefined });
    hostPort = (await server.listen('gorpc+tcp://127.0.0.1:0')).replace('gorpc+tcp://', '');
  });
  afterAll(() => server?.close());

  test('results, errors, unknown names, unicode, bytes, a void method and 200 concurrent calls all come back right', async () => {
    const report = await runGoClient(programs.client, hostPort);
    expect(report).toEqual({
      multiply: 56,
      divideError: 'divide by zero',
      unknownService: "rpc: can't find service Nope.Method",
      unknownMethod: "rpc: can't find method Arith.Nope",
      unicode: UNICODE,
      reversed: Buffer.from([255, 3, 2, 1]).toString('base64'),
      nothingError: '',
      concurrentOk: 200,
      mismatches: null,
      outOfOrder: true,
      afterAll: 42,
    });
    // The Go client has exited; its connection closes on this side too.
    for (let waited = 0; server.peers.size > 0 && waited < 2000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(server.peers.size).toBe(0);
  });
});
