// What isorpc adds on top of any wire protocol, over arpc: server and client middleware, a typed
// proxy, metrics, and the command line client (run as a subprocess against the built package).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { connect, createMetrics, createServer, RpcError, type ArpcClient, type Metrics, type Server } from '../../platforms/entries/node.js';

const arith = {
  Mul: ({ A, B }: { A: number; B: number }) => ({ C: A * B }),
  Echo: (text: string) => text,
};

let server: Server;
let metrics: Metrics;
let address: string;
let client: ArpcClient;
const seen: string[] = [];

beforeEach(async () => {
  seen.length = 0;
  metrics = createMetrics();
  server = createServer({ plugins: [metrics.plugin] });
  server.register('Arith', arith);
  metrics.attach(server);
  server.use(async (ctx, next) => {
    seen.push(`server ${ctx.method}`);
    if (ctx.arg === 'forbidden') throw new RpcError('PERMISSION_DENIED', 'not this one');
    return next();
  });
  address = await server.listen('arpc://127.0.0.1:0');
  client = await connect(address as `arpc://${string}`);
});

afterEach(async () => {
  client.close();
  await server.close();
});

test('server and client middleware run around arpc calls; a middleware refusal reaches the caller as its text', async () => {
  client.use(async (call, next) => {
    seen.push(`client ${call.method}`);
    return next();
  });
  expect(await client.call('Arith.Echo', 'hi')).toBe('hi');
  expect(seen).toEqual(['client Arith.Echo', 'server Arith.Echo']);
  // arpc carries only the error text: the code travels no further than the server.
  expect(await client.call('Arith.Echo', 'forbidden').catch((error: RpcError) => [error.code, error.message])).toEqual(['REMOTE', 'not this one']);
});

test('a typed proxy calls Service.Method routes, with arpc call options', async () => {
  const proxy = client.proxy<typeof arith>('Arith');
  expect(await proxy.Mul({ A: 6, B: 7 })).toEqual({ C: 42 });
  expect(await proxy.Echo('12', { decode: 'text' })).toBe('12');
});

test('metrics count arpc calls per method and the connection', async () => {
  await client.call('Arith.Mul', { A: 1, B: 2 });
  await client.call('Arith.Mul', { A: 3, B: 4 });
  await client.call('Arith.Nope').catch(() => undefined);
  const snapshot = metrics.snapshot();
  expect(snapshot.methods.find((m) => m.method === 'Arith.Mul')).toMatchObject({ calls: 2, errors: {} });
  expect(snapshot.server.connections).toBe(1);
});

test('the CLI calls an arpc server and prints the reply; a handler error exits 1', async () => {
  const bin = fileURLToPath(new URL('../../bin/isorpc.mjs', import.meta.url));
  const run = (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve) =>
      execFile(process.execPath, [bin, ...args], { timeout: 15_000 }, (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
      ),
    );
  const ok = await run('call', address, 'Arith.Mul', '{"A":7,"B":8}');
  expect(ok).toMatchObject({ code: 0, stderr: '' });
  expect(JSON.parse(ok.stdout)).toEqual({ C: 56 });
  const missing = await run('call', address, 'Arith.Nope');
  expect(missing.code).toBe(1);
  expect(missing.stderr).toContain('NOT_FOUND');
});
