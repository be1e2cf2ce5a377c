// createMetrics({ registry }) puts isorpc's metrics in an application's prom-client Registry, beside
// its own, with the same names and values as the hand-written text; server.use(metrics) installs
// the collector (middleware, plugin and peer counting) in one step.
import { Counter, Registry } from 'prom-client';
import { afterEach, describe, expect, test } from 'vitest';
import { connect, createMetrics, createServer, formatPrometheus, type Client, type Metrics, type Server } from '../../platforms/entries/node.js';

let server: Server | undefined;
const clients: Client[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server?.close();
  server = undefined;
});

/** Sample lines of Prometheus text as name{labels} → value (HELP/TYPE lines and blank lines skipped). */
function samples(text: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    found.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return found;
}

/** Family names declared by `# TYPE` lines, with their types. */
function families(text: string): Map<string, string> {
  return new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((match) => [match[1]!, match[2]!]));
}

async function busyServer(metrics: Metrics): Promise<void> {
  server = createServer().register('Arith', {
    multiply: ({ a, b }: { a: number; b: number }) => a * b,
    fail: () => {
      throw new Error('nope');
    },
  });
  server.use(metrics);
  const client = await connect(await server.listen('tcp://127.0.0.1:0'));
  clients.push(client);
  for (let i = 0; i < 3; i++) await client.call('Arith.multiply', { a: i, b: 2 });
  await expect(client.call('Arith.fail')).rejects.toMatchObject({ code: 'REMOTE' });
}

describe('prom-client', () => {
  test('the registry exports isorpc\'s metrics beside the application\'s, as the hand-written text does', async () => {
    const registry = new Registry();
    const own = new Counter({ name: 'app_jobs_total', help: 'Jobs done.', registers: [registry] });
    own.inc(5);
    const metrics = createMetrics({ registry });
    await busyServer(metrics);
    const text = await registry.metrics();
    const handWritten = formatPrometheus(metrics.snapshot());
    const fromRegistry = samples(text);
    expect(fromRegistry.get('app_jobs_total')).toBe(5);
    fromRegistry.delete('app_jobs_total');
    // Same families, same types, same samples (nothing moved between the two reads: the calls are done).
    const registryFamilies = families(text);
    registryFamilies.delete('app_jobs_total');
    expect(registryFamilies).toEqual(families(handWritten));
    expect(fromRegistry).toEqual(samples(handWritten));
    expect(fromRegistry.get('isorpc_calls_total{method="Arith.multiply"}')).toBe(3);
    expect(fromRegistry.get('isorpc_call_errors_total{method="Arith.fail",code="REMOTE"}')).toBe(1);
    expect(fromRegistry.get('isorpc_call_duration_seconds_count{method="Arith.multiply"}')).toBe(3);
    expect(fromRegistry.get('isorpc_connections')).toBe(1);
    // server.use(metrics) installed the plugin too: bytes are counted.
    expect(fromRegistry.get('isorpc_received_bytes_total')).toBeGreaterThan(0);
  });

  test('getMetricsAsJSON, getSingleMetric and resetMetrics work on the registered families', async () => {
    const registry = new Registry();
    const metrics = createMetrics({ registry, prefix: 'rpc_' });
    await busyServer(metrics);
    const json = (await registry.getMetricsAsJSON()) as unknown as Array<{ name: string; type: string; values: Array<{ value: number; labels: Record<string, string> }> }>;
    const calls = json.find((metric) => metric.name === 'rpc_calls_total')!;
    expect(calls.type).toBe('counter');
    expect(calls.values).toContainEqual({ labels: { method: 'Arith.multiply' }, value: 3 });
    expect((registry.getSingleMetric('rpc_call_duration_seconds') as unknown as { type: string } | undefined)?.type).toBe('histogram');
    registry.resetMetrics();
    expect(metrics.callCount('Arith.multiply')).toBe(3);
  });

  test('a name already in the registry, or something that is not a registry, fails at createMetrics', () => {
    const registry = new Registry();
    new Counter({ name: 'isorpc_calls_total', help: 'taken', registers: [registry] });
    expect(() => createMetrics({ registry })).toThrow(/isorpc_calls_total has already been registered/);
    expect(() => createMetrics({ registry: {} as never })).toThrow(/registry must be a prom-client Registry/);
  });

  test('the registry holds exactly the families of the hand-written text', () => {
    const registry = new Registry();
    createMetrics({ registry });
    const names = registry.getMetricsAsArray().map((metric) => metric.name).sort();
    expect(names).toEqual([...families(formatPrometheus(createMetrics().snapshot())).keys()].sort());
  });
});
