// isorpc against real Go net/rpc on its default gob codec, over TCP (rpc.ServeConn / rpc.Dial) and
// HTTP (rpc.HandleHTTP / rpc.DialHTTP), both ways. The Go programs are in ./go (gobserver, gobclient).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connect, createServer, gob, isRpcError, type Client, type RpcError, type Server } from '../../platforms/entries/node.js';
import { InnerType, RecordType, SAMPLE, ZERO_RECORD, sendable } from './gob-record.js';
import { buildGoPrograms, runGoClient, startGoServer, type GoPrograms, type GoServer } from './go-toolchain.js';

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

describe.each(['tcp', 'http'])('an isorpc client calls a Go net/rpc gob server (gob+%s://)', (mode) => {
  let go: GoServer;
  let client: Client;
  beforeAll(async () => {
    go = await startGoServer(programs.gobServer, [mode], `gob+${mode}`);
    client = await connect(go.address);
  });
  afterAll(async () => {
    client?.close();
    await go?.stop();
  });

  test('structs in and out: Args{A,B} → int and → Quotient{Quo,Rem}', async () => {
    expect(await client.call('Arith.Multiply', { A: 7, B: 8 })).toBe(56);
    expect(await client.call('Arith.Divide', { A: 17, B: 5 })).toEqual({ Quo: 3, Rem: 2 });
  });

  test("an error reply is REMOTE with Go's text, and the connection goes on", async () => {
    const error = await rejection(client.call('Arith.Divide', { A: 1, B: 0 }));
    expect([error.code, error.message]).toEqual(['REMOTE', 'divide by zero']);
    expect(await client.call('Arith.Multiply', { A: 2, B: 3 })).toBe(6);
  });

  test("unknown services and methods are NOT_FOUND with Go's own text", async () => {
    const service = await rejection(client.call('Nope.Method', { A: 1 }));
    expect([service.code, service.message]).toEqual(['NOT_FOUND', "rpc: can't find service Nope.Method"]);
    const method = await rejection(client.call('Arith.Nope', { A: 1 }));
    expect([method.code, method.message]).toEqual(['NOT_FOUND', "rpc: can't find method Arith.Nope"]);
  });

  test('an argument Go cannot decode is BAD_REQUEST with gob\'s text; the connection keeps working', async () => {
    const error = await rejection(client.call('Arith.Multiply', 'not a struct'));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/^gob: /);
    expect(await client.call('Arith.Multiply', { A: 4, B: 5 })).toBe(20);
  });

  test('non-ASCII strings, []byte and a slice of float64', async () => {
    expect(await client.call('Text.Upper', 'héllo ✓ 日本')).toBe('HÉLLO ✓ 日本');
    expect(await client.call('Text.Reverse', Uint8Array.of(1, 2, 3, 255))).toEqual(Uint8Array.of(255, 3, 2, 1));
    expect(await client.call('Text.Sum', [1.5, 2.5, 2])).toBe(6);
  });

  test('a record Go sends decodes to every value it holds: maps, nested and pointed-to structs, arrays, 64-bit, complex, interface{}', async () => {
    expect(await client.call('Data.Sample')).toEqual(SAMPLE);
  });

  test('the same record sent with an explicit gob type is what Go holds (reflect.DeepEqual)', async () => {
    expect(await client.call('Data.Check', gob.value(RecordType, sendable(SAMPLE)))).toBe('equal');
    expect(await client.call('Data.Echo', gob.value(RecordType, sendable(SAMPLE)))).toEqual(SAMPLE);
  });

  test('zero values are left out on the wire and come back as Go zero values', async () => {
    expect(await client.call('Data.Echo', gob.value(RecordType, {}))).toEqual(ZERO_RECORD);
    expect(await client.call('Data.Echo', gob.value(RecordType, { Items: [gob.value(InnerType, {})] }))).toEqual({ ...ZERO_RECORD, Items: [{ Label: '', Score: 0, Ok: false }] });
  });

  test('500 concurrent calls on one connection as go() handles, answered out of order, each matched by Seq', async () => {
    const order: number[] = [];
    const handles = Array.from({ length: 500 }, (_, i) => client.go<number>('Arith.Slow', { Value: i, Ms: (500 - i) % 40 }));
    expect(client.pendingCalls).toBe(500);
    await Promise.all(handles.map((handle, i) => handle.done.then(() => order.push(i))));
    handles.forEach((handle, i) => {
      expect(handle.error).toBeUndefined();
      expect(handle.reply).toBe(i);
    });
    expect(order).not.toEqual([...order].sort((a, b) => a - b));
    expect(client.pendingCalls).toBe(0);
  });

  test('close() rejects pending calls with CLOSED', async () => {
    const other = await connect(go.address);
    const pending = rejection(other.call('Arith.Slow', { Value: 1, Ms: 2000 }));
    other.close();
    expect((await pending).code).toBe('CLOSED');
  });
});

describe.each(['tcp', 'http'])("Go's rpc.Dial/rpc.DialHTTP client calls an isorpc server (gob+%s://)", (mode) => {
  let server: Server;
  let hostPort: string;
  const received: unknown[] = [];
  beforeAll(async () => {
    server = createServer();
    server.register('Arith', {
      Multiply: ({ A = 0, B = 0 }: { A?: number; B?: number }) => A * B,
      Divide: ({ A, B }: { A: number; B: number }) => {
        if (B === 0) throw new Error('divide by zero');
        return { Quo: Math.trunc(A / B), Rem: A % B };
      },
      Fail: () => {
        throw new Error('boom: the handler failed');
      },
      Slow: ({ Value, Ms }: { Value: number; Ms: number }) => new Promise((resolve) => setTimeout(resolve, Ms, Value)),
    });
    server.register('Text', {
      Upper: (text: string) => text.toUpperCase(),
      Reverse: (bytes: Uint8Array) => bytes.slice().reverse(),
      // Go wants a float64; 6 would be inferred as int, so the type is said.
      Sum: (nums: number[]) => gob.value(gob.float, nums.reduce((a, b) => a + b, 0)),
    });
    server.register('Data', {
      Echo: (record: Record<string, unknown>) => {
        received.push(record);
        return gob.value(RecordType, sendable(record));
      },
    });
    const address = await server.listen(`gob+${mode}://127.0.0.1:0`);
    hostPort = /^gob\+\w+:\/\/([^/]+)/.exec(address)![1]!;
  });
  afterAll(() => server?.close());

  test("results, Go's error texts, unicode, bytes, a record both ways, zero values and 500 concurrent Go() calls", async () => {
    const report = await runGoClient(programs.gobClient, hostPort, [mode]);
    expect(report).toEqual({
      multiplyError: '',
      multiply: 56,
      divideError: '',
      quotient: { Quo: 3, Rem: 2 },
      divideByZero: 'divide by zero',
      handlerError: 'boom: the handler failed',
      unknownService: "rpc: can't find service Nope.Method",
      unknownMethod: "rpc: can't find method Arith.Nope",
      upperError: '',
      upper: 'HÉLLO ✓ 日本',
      reverseError: '',
      reversed: Buffer.from([255, 3, 2, 1]).toString('base64'),
      sumError: '',
      sum: 6,
      echoError: '',
      echoEqual: true,
      zeroError: '',
      zeroEqual: true,
      concurrentOk: 500,
      outOfOrder: true,
      afterError: '',
      afterAll: 42,
    });
    expect(received[0]).toEqual(SAMPLE);
    expect(received[1]).toEqual(ZERO_RECORD);
    for (let waited = 0; server.peers.size > 0 && waited < 2000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(server.peers.size).toBe(0);
  });
});
