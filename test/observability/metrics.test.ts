// createMetrics(): per-method counters and latency from the middleware, bytes and frames from the
// plugin, the Prometheus text (parsed back line by line) and the plain snapshot.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { LATENCY_BUCKETS_SECONDS, RpcError, connect, createMetrics, createMetricsHandler, createServer, formatPrometheus, quantile, type Client, type Metrics, type Server } from '../../platforms/entries/node.js';

let server: Server;
let metrics: Metrics;
const clients: Client[] = [];

async function start(address = 'tcp://127.0.0.1:0'): Promise<string> {
  metrics = createMetrics();
  server = createServer({ plugins: [metrics.plugin] });
  server.register('Arith', {
    multiply: ({ a, b }: { a: number; b: number }) => a * b,
    fail: () => {
      throw new Error('nope');
    },
    slow: () => new Promise((resolve) => setTimeout(() => resolve('late'), 30)),
  });
  metrics.attach(server);
  server.use(async (ctx, next) => {
    if (ctx.metadata.token === 'bad') throw new RpcError('BAD_REQUEST', 'bad token');
    return next();
  });
  return server.listen(address);
}

async function open(address: string): Promise<Client> {
  const client = await connect(address);
  clients.push(client);
  return client;
}

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server.close();
});

/** Parses Prometheus text into sample name+labels → value; checks every sample line's syntax. */
function parsePrometheus(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})?) (\S+)$/.exec(line);
    if (match === null) throw new Error(`not a Prometheus sample line: ${line}`);
    samples.set(match[1]!, Number(match[2]));
  }
  return samples;
}

describe('metrics', () => {
  test('counts calls, errors by code, in-flight calls and latency per method', async () => {
    const client = await open(await start());
    for (let i = 0; i < 5; i++) await client.call('Arith.multiply', { a: i, b: 2 });
    await expect(client.call('Arith.fail')).rejects.toMatchObject({ code: 'REMOTE' });
    await expect(client.call('Arith.multiply', { a: 1, b: 1 }, { metadata: { token: 'bad' } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const slow = client.call('Arith.slow');
    await client.ping(); // the slow call has reached the server (one connection keeps frame order)
    expect(metrics.snapshot().methods.find((m) => m.method === 'Arith.slow')?.inFlight).toBe(1);
    await slow;

    const snapshot = metrics.snapshot();
    const multiply = snapshot.methods.find((m) => m.method === 'Arith.multiply')!;
    expect(multiply.calls).toBe(6);
    expect(multiply.errors).toEqual({ BAD_REQUEST: 1 });
    expect(multiply.inFlight).toBe(0);
    expect(multiply.latency.count).toBe(6);
    expect(multiply.latency.p50).toBeGreaterThan(0);
    expect(multiply.latency.p99!).toBeGreaterThanOrEqual(multiply.latency.p50!);
    const fail = snapshot.methods.find((m) => m.method === 'Arith.fail')!;
    expect(fail.errors).toEqual({ REMOTE: 1 });
    const slowStats = snapshot.methods.find((m) => m.method === 'Arith.slow')!;
    expect(slowStats.inFlight).toBe(0);
    // At least the handler's 30 ms timer; the estimate comes from the bucket holding it (25-50 ms).
    expect(slowStats.latency.p50!).toBeGreaterThanOrEqual(25);
    expect(metrics.callCount('Arith.multiply')).toBe(6);
    expect(metrics.callCount('Arith.never')).toBe(0);
  });

  test('counts connections, bytes and frames on TCP and WebSocket', async () => {
    const tcp = await start();
    const ws = await server.listen('ws://127.0.0.1:0/rpc');
    const a = await open(tcp);
    const b = await open(ws);
    await a.call('Arith.multiply', { a: 2, b: 3 });
    await b.call('Arith.multiply', { a: 2, b: 3 });
    const during = metrics.snapshot().server;
    expect(during.connections).toBe(2);
    expect(during.connectionsTotal).toBe(2);
    // Handshake + one request each way at least: every frame carries a 20-byte header.
    expect(during.bytesIn).toBeGreaterThanOrEqual(4 * 20);
    expect(during.bytesOut).toBeGreaterThanOrEqual(4 * 20);
    expect(during.framesOut).toBeGreaterThanOrEqual(4);
    expect(during.readsIn).toBeGreaterThanOrEqual(2);
    a.close();
    await new Promise<void>((resolve) => server.on('disconnect', () => resolve()));
    expect(metrics.snapshot().server.connections).toBe(1);
  });

  test('collects nothing while disabled, and counts rejections by reason', async () => {
    const client = await open(await start());
    metrics.enabled = false;
    await client.call('Arith.multiply', { a: 1, b: 2 });
    const { server: totals, methods } = metrics.snapshot();
    expect(methods).toEqual([]);
    const bytesBefore = totals.bytesIn;
    await client.call('Arith.multiply', { a: 1, b: 2 });
    expect(metrics.snapshot().server.bytesIn).toBe(bytesBefore);
    metrics.countRejected('RESOURCE_EXHAUSTED');
    metrics.countRejected('RESOURCE_EXHAUSTED');
    expect(metrics.snapshot().server.rejected).toEqual({ RESOURCE_EXHAUSTED: 2 });
  });

  test('renders valid Prometheus text whose numbers match the snapshot', async () => {
    const client = await open(await start());
    for (let i = 0; i < 3; i++) await client.call('Arith.multiply', { a: i, b: i });
    await expect(client.call('Arith.fail')).rejects.toThrow('nope');
    metrics.countRejected('say "hi"\\');
    const snapshot = metrics.snapshot();
    const samples = parsePrometheus(formatPrometheus(snapshot));
    expect(samples.get('isorpc_calls_total{method="Arith.multiply"}')).toBe(3);
    expect(samples.get('isorpc_call_errors_total{method="Arith.fail",code="REMOTE"}')).toBe(1);
    expect(samples.get('isorpc_connections')).toBe(1);
    expect(samples.get('isorpc_received_bytes_total')).toBe(snapshot.server.bytesIn);
    expect(samples.get('isorpc_rejected_total{reason="say \\"hi\\"\\\\"}')).toBe(1);
    // Buckets are cumulative, never decrease, and end at +Inf == _count.
    let previous = 0;
    for (const le of [...LATENCY_BUCKETS_SECONDS.map(String), '+Inf']) {
      const value = samples.get(`isorpc_call_duration_seconds_bucket{method="Arith.multiply",le="${le}"}`)!;
      expect(value).toBeGreaterThanOrEqual(previous);
      previous = value;
    }
    expect(previous).toBe(samples.get('isorpc_call_duration_seconds_count{method="Arith.multiply"}'));
    expect(previous).toBe(3);
  });

  test('serves the text over node:http and leaves other paths to next()', async () => {
    const client = await open(await start());
    await client.call('Arith.multiply', { a: 1, b: 1 });
    const handler = createMetricsHandler(metrics);
    const web = http.createServer((req, res) => handler(req, res, () => res.writeHead(418).end()));
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
      const response = await fetch(`${base}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('version=0.0.4');
      expect(parsePrometheus(await response.text()).get('isorpc_calls_total{method="Arith.multiply"}')).toBe(1);
      expect((await fetch(`${base}/other`)).status).toBe(418);
      expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(405);
    } finally {
      await new Promise((resolve) => web.close(resolve));
    }
  });
});

describe('rejections by limits', () => {
  test('calls refused by maxInFlightCalls and connections refused by auth are counted per limit', async () => {
    const counted = createMetrics();
    const limited = createServer({ plugins: [counted.plugin], maxInFlightCalls: 1 })
      .auth((token) => token === 'ok')
      .handle('hang', () => new Promise(() => undefined))
      .handle('quick', () => 1);
    counted.attach(limited);
    const address = await limited.listen('tcp://127.0.0.1:0');
    const client = await connect(address, { auth: 'ok' });
    void client.call('hang').catch(() => undefined);
    await expect(client.call('quick')).rejects.toMatchObject({ code: 'RESOURCE_EXHAUSTED' });
    await expect(connect(address, { auth: 'forged' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const rejected = counted.snapshot().server.rejected;
    expect(rejected.maxInFlightCalls).toBe(1);
    expect(rejected.auth).toBe(1);
    expect(formatPrometheus(counted.snapshot())).toContain('isorpc_rejected_total{reason="maxInFlightCalls"} 1');
    client.close();
    await limited.close();
  });
});

describe('quantile', () => {
  test('interpolates inside the bucket that holds the rank', () => {
    const counts = new Array<number>(LATENCY_BUCKETS_SECONDS.length + 1).fill(0);
    counts[4] = 10; // ten observations in (0.5 ms, 1 ms]
    const histogram = { counts, count: 10, sum: 0.008 };
    expect(quantile(histogram, 0.5)).toBeCloseTo(0.00075, 8);
    expect(quantile(histogram, 1)).toBeCloseTo(0.001, 8);
    expect(quantile({ counts: counts.map(() => 0), count: 0, sum: 0 }, 0.5)).toBeUndefined();
  });
});
