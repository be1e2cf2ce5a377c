// The features every protocol has, on Go's gob net/rpc (gob+tcp:// and gob+http://): metrics, server
// and client middleware, typed proxies, the CLI (run as a subprocess on the built package), and the
// /debug/rpc page the gob HTTP listener serves when reflection is on.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connect, createMetrics, createServer, enableReflection, type Metrics, type Server } from '../../platforms/entries/node.js';

const BIN = fileURLToPath(new URL('../../bin/isorpc.mjs', import.meta.url));

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 15_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

interface Arith {
  Multiply(args: { A: number; B: number }): number;
}

let server: Server;
let metrics: Metrics;
const addresses: Record<string, string> = {};
const seen: string[] = [];

beforeAll(async () => {
  server = createServer();
  server.register('Arith', { Multiply: ({ A, B }: { A: number; B: number }) => A * B });
  server.use(async (ctx, next) => {
    seen.push(ctx.method);
    return next();
  });
  metrics = createMetrics();
  metrics.attach(server);
  enableReflection(server, { metrics });
  addresses.tcp = await server.listen('gob+tcp://127.0.0.1:0');
  addresses.http = await server.listen('gob+http://127.0.0.1:0');
});
afterAll(() => server?.close());

describe.each(['tcp', 'http'])('gob+%s', (mode) => {
  test('metrics count the calls, server middleware sees them, client middleware wraps them', async () => {
    const before = metrics.callCount('Arith.Multiply');
    const client = await connect(addresses[mode]!);
    client.use(async (call, next) => {
      call.arg = { ...(call.arg as object), B: 10 };
      return next();
    });
    expect(await client.call('Arith.Multiply', { A: 4, B: 0 })).toBe(40);
    expect(metrics.callCount('Arith.Multiply')).toBe(before + 1);
    expect(seen.at(-1)).toBe('Arith.Multiply');
    client.close();
  });

  test('a typed proxy calls through gob', async () => {
    const client = await connect(addresses[mode]!);
    expect(await client.proxy<Arith>('Arith').Multiply({ A: 6, B: 7 })).toBe(42);
    client.close();
  });

  test('the CLI calls and lists over gob', async () => {
    const call = await cli('call', addresses[mode]!, 'Arith.Multiply', '{"A":7,"B":8}');
    expect(call).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(call.stdout)).toBe(56);
    const list = await cli('list', addresses[mode]!);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('Arith.Multiply');
  });
});

describe('the gob HTTP listener', () => {
  test('connect() to another path is refused with NOT_FOUND naming the path; the right path works', async () => {
    const wrong = addresses.http!.replace('/_goRPC_', '/elsewhere');
    const error = await connect(wrong).then(
      () => undefined,
      (reason: unknown) => reason as { code: string; message: string },
    );
    expect(error?.code).toBe('NOT_FOUND');
    expect(error?.message).toContain('refused CONNECT /elsewhere');
    const client = await connect(addresses.http!);
    expect(await client.call('Arith.Multiply', { A: 2, B: 5 })).toBe(10);
    client.close();
  });

  test('a gob+http client against a plain HTTP server fails with a clear error', async () => {
    const bare = createServer();
    const http = await bare.listen('http://127.0.0.1:0');
    const error = await connect(http.replace('http://', 'gob+http://')).then(
      () => undefined,
      (reason: unknown) => reason as { code: string; message: string },
    );
    expect(['UNAVAILABLE', 'NOT_FOUND']).toContain(error?.code);
    expect(error?.message).toMatch(/CONNECT/);
    await bare.close();
  });
});

describe('the /debug/rpc page of the gob HTTP listener', () => {
  test('lists services, methods and call counts when reflection is on', async () => {
    const client = await connect(addresses.http!);
    await client.call('Arith.Multiply', { A: 1, B: 1 });
    client.close();
    const base = addresses.http!.replace('gob+http://', 'http://').replace(/\/_goRPC_$/, '');
    const response = await fetch(`${base}/debug/rpc`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const page = await response.text();
    expect(page).toContain('Service Arith');
    expect(page).toMatch(new RegExp(`<td align="left">Arith\\.Multiply</td><td align="center">${metrics.callCount('Arith.Multiply')}</td>`));
    expect(page).toContain('isorpc.list');
  });

  test('says how to turn reflection on when it is off; other paths get 404, a GET of the RPC path 405', async () => {
    const bare = createServer();
    const address = await bare.listen('gob+http://127.0.0.1:0');
    const base = address.replace('gob+http://', 'http://').replace(/\/_goRPC_$/, '');
    const off = await fetch(`${base}/debug/rpc`);
    expect([off.status, await off.text()]).toEqual([404, 'The debug page needs reflection: call enableReflection(server) (with { metrics } for call counts)\n']);
    expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
    const get = await fetch(`${base}/_goRPC_`);
    expect([get.status, await get.text()]).toEqual([405, '405 must CONNECT\n']);
    await bare.close();
  });
});
