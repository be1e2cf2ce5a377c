// The tooling over rpcx, one test each: server and client middleware, a typed proxy, metrics, and the
// CLI (bin/isorpc.mjs as a subprocess, built dist) calling an rpcx address.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connect, createMetrics, createServer, type Server } from '../../platforms/entries/node.js';

const BIN = fileURLToPath(new URL('../../bin/isorpc.mjs', import.meta.url));
const arith = {
  Mul: ({ A, B }: { A: number; B: number }) => ({ C: A * B }),
  Fail: () => {
    throw new Error('rpcx handler error');
  },
};

let server: Server;
let address: string;
const metrics = createMetrics();
const seen: string[] = [];

beforeAll(async () => {
  server = createServer().register('Arith', arith);
  server.use(async (ctx, next) => {
    seen.push(`server:${ctx.method}:${ctx.metadata.trace ?? '-'}`);
    return next();
  });
  metrics.attach(server);
  address = await server.listen('rpcx://127.0.0.1:0');
});

afterAll(() => server.close());

test('server and client middleware run around rpcx calls', async () => {
  const client = await connect(address as `rpcx${string}`);
  client.use(async (call, next) => {
    call.options.metadata = { ...call.options.metadata, trace: 'mw-1' };
    return next();
  });
  expect(await client.call('Arith.Mul', { A: 2, B: 5 })).toEqual({ C: 10 });
  expect(seen).toContain('server:Arith.Mul:mw-1');
  client.close();
});

test('a typed proxy calls ServicePath.ServiceMethod', async () => {
  const client = await connect(address as `rpcx${string}`);
  const proxy = client.proxy<typeof arith>('Arith');
  const reply: { C: number } = await proxy.Mul({ A: 6, B: 7 });
  expect(reply).toEqual({ C: 42 });
  client.close();
});

test('metrics count rpcx calls, errors and connections', async () => {
  const client = await connect(address as `rpcx${string}`);
  const before = metrics.callCount('Arith.Mul');
  await client.call('Arith.Mul', { A: 1, B: 1 });
  await client.call('Arith.Fail').catch(() => undefined);
  const snapshot = metrics.snapshot();
  expect(metrics.callCount('Arith.Mul')).toBe(before + 1);
  expect(snapshot.methods.find((method) => method.method === 'Arith.Fail')?.errors).toEqual({ REMOTE: 1 });
  expect(snapshot.server.connections).toBeGreaterThanOrEqual(1);
  client.close();
});

test('the CLI calls an rpcx server', async () => {
  const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [BIN, 'call', address, 'Arith.Mul', '{"A":7,"B":8}'], { timeout: 15_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
  expect(run).toMatchObject({ code: 0, stderr: '' });
  expect(JSON.parse(run.stdout)).toEqual({ C: 56 });
});
