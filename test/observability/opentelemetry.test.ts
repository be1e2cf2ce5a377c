// OpenTelemetry across two processes: this process's instrumented clients record CLIENT spans with
// the SDK's in-memory exporter; an instrumented server in a child process records SERVER spans and
// hands them back over isorpc. Each server span must be the child of its client span (W3C trace
// context in the call's metadata), with the RPC attributes, errors, cancellation and timeouts.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { connect, type Client } from '../../dist/node.mjs';
import { instrument } from '../../dist/opentelemetry.mjs';

interface RemoteSpan {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  attributes: Record<string, unknown>;
  status: { code: number; message?: string };
  events: string[];
}

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const propagator = new W3CTraceContextPropagator();
let child: ChildProcess;
let addresses: { tcp: string; ws: string; jsonrpcHttp: string; gateway: string };
let control: Client;

beforeAll(async () => {
  child = spawn(process.execPath, [new URL('./fixtures/otel-server.mjs', import.meta.url).pathname], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  addresses = JSON.parse(await new Promise<string>((resolve) => lines.once('line', resolve))) as typeof addresses;
  control = await connect(addresses.tcp); // not instrumented: reads the child's spans
});

afterAll(async () => {
  control.close();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.stdin!.end();
  await exited;
});

beforeEach(async () => {
  exporter.reset();
  await control.call('Spans.take');
});

async function open(address: string): Promise<Client> {
  return instrument(await connect(address), { tracerProvider: provider, propagator });
}

/** The child's finished server spans, once `count` of them are there. */
async function serverSpans(count: number): Promise<RemoteSpan[]> {
  const spans: RemoteSpan[] = [];
  for (let attempt = 0; attempt < 200 && spans.length < count; attempt++) {
    spans.push(...(await control.call<RemoteSpan[]>('Spans.take')));
    if (spans.length < count) await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(spans).toHaveLength(count);
  return spans;
}

function clientSpan(name: string): ReadableSpan {
  const found = exporter.getFinishedSpans().filter((span) => span.name === name);
  expect(found).toHaveLength(1);
  return found[0]!;
}

function expectChild(server: RemoteSpan, client: ReadableSpan): void {
  expect(server.traceId).toBe(client.spanContext().traceId);
  expect(server.parentSpanId).toBe(client.spanContext().spanId);
}

describe.each(['tcp', 'ws'] as const)('over isorpc (%s)', (transport) => {
  test('a call: CLIENT span here, SERVER span there, its child, with the RPC attributes', async () => {
    const client = await open(addresses[transport]);
    expect(await client.call('Arith.multiply', { a: 6, b: 7 })).toBe(42);
    const [server] = await serverSpans(1);
    const local = clientSpan('Arith/multiply');
    expect(local.kind).toBe(SpanKind.CLIENT);
    expect(server!.kind).toBe(SpanKind.SERVER);
    expect(server!.name).toBe('Arith/multiply');
    expectChild(server!, local);
    const port = Number(/:(\d+)/.exec(addresses[transport])![1]);
    expect(local.attributes).toMatchObject({ 'rpc.system': 'isorpc', 'rpc.service': 'Arith', 'rpc.method': 'multiply', 'server.address': '127.0.0.1', 'server.port': port });
    expect(server!.attributes).toMatchObject({ 'rpc.system': 'isorpc', 'rpc.service': 'Arith', 'rpc.method': 'multiply', 'client.address': '127.0.0.1' });
    expect(local.status.code).toBe(SpanStatusCode.UNSET);
    client.close();
  });

  test('an error: both spans fail with the RpcError code', async () => {
    const client = await open(addresses[transport]);
    await expect(client.call('Arith.fail')).rejects.toMatchObject({ code: 'REMOTE' });
    const [server] = await serverSpans(1);
    const local = clientSpan('Arith/fail');
    expectChild(server!, local);
    expect(local.status.code).toBe(SpanStatusCode.ERROR);
    expect(server!.status.code).toBe(SpanStatusCode.ERROR);
    expect(local.attributes['rpc.isorpc.error_code']).toBe('REMOTE');
    expect(server!.attributes['rpc.isorpc.error_code']).toBe('REMOTE');
    client.close();
  });

  test('a stream: the spans end with the stream', async () => {
    const client = await open(addresses[transport]);
    const items: number[] = [];
    for await (const item of client.stream<number>('Arith.count', 3)) items.push(item);
    expect(items).toEqual([1, 2, 3]);
    const [server] = await serverSpans(1);
    const local = clientSpan('Arith/count');
    expectChild(server!, local);
    expect(local.status.code).toBe(SpanStatusCode.UNSET);
    client.close();
  });

  test('a notification: a PRODUCER span, and the server span is its child', async () => {
    const client = await open(addresses[transport]);
    client.notify('Arith.record', 'hello');
    const [server] = await serverSpans(1);
    const local = clientSpan('Arith/record');
    expect(local.kind).toBe(SpanKind.PRODUCER);
    expectChild(server!, local);
    client.close();
  });

  test('a timeout and a cancellation are recorded on both sides', async () => {
    const client = await open(addresses[transport]);
    await expect(client.call('Arith.hang', null, { timeout: 50 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    const controller = new AbortController();
    const cancelled = client.call('Arith.hang', null, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(cancelled).rejects.toMatchObject({ code: 'CANCELLED' });
    const spans = await serverSpans(2);
    const local = exporter.getFinishedSpans().filter((span) => span.name === 'Arith/hang');
    expect(local.map((span) => span.attributes['rpc.isorpc.error_code']).sort()).toEqual(['CANCELLED', 'TIMEOUT']);
    for (const span of local) {
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      const remote = spans.find((candidate) => candidate.parentSpanId === span.spanContext().spanId)!;
      expect(remote.status.code).toBe(SpanStatusCode.ERROR);
      // A caller that times out also sends a cancel, which races the server's own copy of the deadline:
      // the server records either; a cancelled call is CANCELLED on both sides.
      const expected = span.attributes['rpc.isorpc.error_code'] === 'CANCELLED' ? ['CANCELLED'] : ['CANCELLED', 'TIMEOUT'];
      expect(expected).toContain(remote.attributes['rpc.isorpc.error_code']);
      expect(remote.events).toEqual([String(remote.attributes['rpc.isorpc.error_code']).toLowerCase()]);
    }
    client.close();
  });
});

test('JSON-RPC over HTTP carries the trace context in its metadata headers', async () => {
  const client = await open(addresses.jsonrpcHttp);
  expect(await client.call('Arith.multiply', { a: 2, b: 3 })).toBe(6);
  const [server] = await serverSpans(1);
  expectChild(server!, clientSpan('Arith/multiply'));
  client.close();
});

test('the HTTP gateway continues a trace from the standard traceparent header', async () => {
  const tracer = provider.getTracer('test');
  const span = tracer.startSpan('fetch', { kind: SpanKind.CLIENT });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  propagator.inject(trace.setSpan(context.active(), span), headers, { set: (carrier, key, value) => void (carrier[key] = value) });
  expect(headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  const response = await fetch(`${addresses.gateway}/Arith.multiply`, { method: 'POST', headers, body: JSON.stringify({ a: 3, b: 3 }) });
  expect(await response.json()).toEqual({ result: 9 });
  span.end();
  const [server] = await serverSpans(1);
  expectChild(server!, clientSpan('fetch'));
});

test('only isorpc/opentelemetry loads @opentelemetry/api (an optional peer dependency), for import and require', async () => {
  const { readFileSync } = await import('node:fs');
  const read = (file: string): string => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
  for (const file of ['dist/node.mjs', 'dist/node.cjs', 'dist/index.mjs', 'dist/core.mjs']) expect(read(file), file).not.toMatch(/@opentelemetry/);
  expect(read('dist/opentelemetry.mjs')).toMatch(/from ['"]@opentelemetry\/api['"]/);
  const { createRequire } = await import('node:module');
  const required = createRequire(import.meta.url)('../../dist/opentelemetry.cjs') as Record<string, unknown>;
  expect(Object.keys(required)).toEqual(['instrument']);
  expect(() => instrument({} as never)).toThrow(/must be an isorpc server \(createServer\) or client \(connect\)/);
});
