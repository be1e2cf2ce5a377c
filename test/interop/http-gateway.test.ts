// The HTTP gateway (POST /{Service}.{method}) and the JSON-RPC HTTP handler mounted on one node:http
// server, as docs/guide/protocols.md shows; its curl commands run against it and print what it says.
import { execFile, spawnSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { decode, encode } from '@msgpack/msgpack';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { markedBlocks } from '../node/doc-files.js';
import { createHttpGateway, createJsonRpcHttpHandler, createServer, type CallContext, type Server } from '../../platforms/entries/node.js';

const run = promisify(execFile);

// The README's quick-start service, which the HTTP gateway guide uses.
class Arith {
  multiply({ a, b }: { a: number; b: number }): number {
    return a * b;
  }
  divide({ a, b }: { a: number; b: number }): number {
    if (b === 0) throw Object.assign(new Error('divide by zero'), { code: 'DIV_ZERO' });
    return a / b;
  }
}

let server: Server;
let httpServer: http.Server;
let base: string;
let slowAborted: Promise<string>;
let reportAbort: (code: string) => void;

beforeAll(async () => {
  server = createServer().register('Arith', new Arith());
  server.handle('/echo', (arg: unknown, ctx: CallContext) => ({ arg, method: ctx.method, metadata: ctx.metadata })); // as in the guide
  server.handle('/probe', (arg: unknown, ctx: CallContext) => ({ arg: arg === undefined ? 'none' : arg, metadata: { ...ctx.metadata }, remaining: ctx.remaining() }));
  server.handle('Bytes.reverse', (bytes: Uint8Array) => Uint8Array.from(bytes).reverse());
  slowAborted = new Promise((resolve) => (reportAbort = resolve));
  server.handle('Slow.wait', (_arg: unknown, ctx: CallContext) => new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => {
    reportAbort((ctx.signal.reason as { code: string }).code);
    reject(ctx.signal.reason);
  })));
  // As in the guide: JSON-RPC at /rpc, everything else to the gateway under /api.
  const jsonRpc = createJsonRpcHttpHandler(server, { path: '/rpc', cors: { origin: '*' } });
  const gateway = createHttpGateway(server, { prefix: '/api', cors: { origin: ['http://allowed.test'] }, maxBodySize: 1024 });
  httpServer = http.createServer((req, res) => jsonRpc(req, res, () => gateway(req, res)));
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await server.close();
  await new Promise((resolve) => {
    httpServer.close(resolve);
    httpServer.closeAllConnections();
  });
});

const post = (path: string, body?: BodyInit, headers: Record<string, string> = {}): Promise<Response> => fetch(base + path, { method: 'POST', body, headers });

describe('the curl examples of the docs', () => {
  const block = markedBlocks().find((marked) => marked.kind === 'curl')?.code ?? '';
  const examples = [...block.matchAll(/^(curl .+)\n# (.+)$/gm)].map((match) => [match[1]!, match[2]!] as const);

  test('there are curl examples with the output they print', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  test.each(examples)('%s', async (command, expected) => {
    const probe = spawnSync('curl', ['--version']);
    if (probe.error !== undefined) throw new Error('The curl examples of the docs need curl: apt-get install -y curl');
    const { stdout } = await run('sh', ['-c', command.replaceAll('http://127.0.0.1:8080', base)], { timeout: 10_000 });
    expect(stdout.trim()).toBe(expected);
  });
});

describe('the HTTP gateway', () => {
  test('MessagePack in (by content-type) and out (by accept) keeps binary binary', async () => {
    const response = await post('/api/Bytes.reverse', encode(Uint8Array.of(1, 2, 3)) as Uint8Array<ArrayBuffer>, { 'content-type': 'application/msgpack', accept: 'application/msgpack' });
    expect(response.headers.get('content-type')).toBe('application/msgpack');
    expect(decode(new Uint8Array(await response.arrayBuffer()))).toEqual({ result: Uint8Array.of(3, 2, 1) });
  });

  test('JSON replies carry binary as base64', async () => {
    const response = await post('/api/Bytes.reverse', encode(Uint8Array.of(1, 2, 3)) as Uint8Array<ArrayBuffer>, { 'content-type': 'application/x-msgpack' });
    expect(await response.json()).toEqual({ result: Buffer.from([3, 2, 1]).toString('base64') });
  });

  test('metadata and timeout headers reach the handler; a route /probe is POST /probe; no body is no argument', async () => {
    const response = await post('/api/probe', undefined, { 'x-rpc-meta-trace': encodeURIComponent('abc ✓'), 'x-rpc-timeout': '5000' });
    const { result } = (await response.json()) as { result: { arg: string; metadata: Record<string, string>; remaining: number } };
    expect(result.arg).toBe('none');
    expect(result.metadata).toEqual({ trace: 'abc ✓' });
    expect(result.remaining).toBeGreaterThan(0);
    expect(result.remaining).toBeLessThanOrEqual(5000);
  });

  test.each([
    ['an unknown method', '/api/Nope.method', '{}', 404, 'NOT_FOUND'],
    ['a body that is not JSON', '/api/Arith.multiply', '{not json', 400, 'BAD_REQUEST'],
    ['a handler error', '/api/Arith.divide', '{"a":1,"b":0}', 500, 'REMOTE'],
    ['a body over maxBodySize', '/api/Arith.multiply', 'x'.repeat(2000), 413, 'FRAME_TOO_LARGE'],
  ])('%s is %i %s, as JSON and in x-rpc-error', async (_what, path, body, status, code) => {
    const response = await post(path, body);
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ error: { code } });
    expect(response.headers.get('x-rpc-error')).toBe(code);
  });

  test('GET is 405 and a path outside the prefix is 404', async () => {
    const get = await fetch(`${base}/api/Arith.multiply`);
    expect([get.status, get.headers.get('x-rpc-error'), get.headers.get('allow')]).toEqual([405, 'BAD_REQUEST', 'POST']);
    expect(await get.json()).toEqual({ error: { code: 'BAD_REQUEST', message: 'Use POST to call Arith.multiply' } });
    expect((await post('/elsewhere/Arith.multiply', '{}')).status).toBe(404);
  });

  test('CORS: an allowed origin gets its preflight and headers, another origin is refused', async () => {
    const preflight = await fetch(`${base}/api/Arith.multiply`, {
      method: 'OPTIONS',
      headers: { origin: 'http://allowed.test', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-rpc-meta-trace, x-evil' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://allowed.test');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type, x-rpc-meta-trace');
    const call = await post('/api/Arith.multiply', '{"a":2,"b":3}', { origin: 'http://allowed.test' });
    expect(call.headers.get('access-control-allow-origin')).toBe('http://allowed.test');
    const refused = await fetch(`${base}/api/Arith.multiply`, { method: 'OPTIONS', headers: { origin: 'http://other.test', 'access-control-request-method': 'POST' } });
    expect(refused.status).toBe(403);
  });

  test("a client that goes away aborts the handler's signal, and the exchange's peer is gone", async () => {
    const controller = new AbortController();
    const request = fetch(`${base}/api/Slow.wait`, { method: 'POST', body: '{}', signal: controller.signal }).catch(() => 'aborted');
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    expect(await request).toBe('aborted');
    expect(await slowAborted).toBe('CLOSED');
    for (let waited = 0; server.peers.size > 0 && waited < 2000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(server.peers.size).toBe(0);
  });
});
