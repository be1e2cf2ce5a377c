// The command line client, run as a subprocess (node bin/isorpc.mjs) against servers started here on
// 127.0.0.1:0, over isorpc TCP, isorpc WebSocket and JSON-RPC over TCP.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMetrics, createServer, enableReflection, type Server } from '../../platforms/entries/node.js';
import { makeCertificates } from '../node/certificates.js';

const BIN = fileURLToPath(new URL('../../bin/isorpc.mjs', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function isorpc(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 15_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

let server: Server;
const addresses: Record<string, string> = {};

beforeAll(async () => {
  server = createServer().register('Arith', {
    multiply: ({ a, b }: { a: number; b: number }) => a * b,
    fail: () => {
      throw Object.assign(new Error('divide by zero'), { code: 'DIV_ZERO' });
    },
    slow: () => new Promise((resolve) => setTimeout(resolve, 5_000)),
  });
  server.handle('/meta', (_arg: unknown, ctx) => ({ metadata: ctx.metadata, remaining: Number.isFinite(ctx.remaining()) }));
  const metrics = createMetrics();
  metrics.attach(server);
  enableReflection(server, { metrics });
  addresses.tcp = await server.listen('tcp://127.0.0.1:0');
  addresses.ws = await server.listen('ws://127.0.0.1:0/rpc');
  addresses.jsonrpc = await server.listen('jsonrpc+tcp://127.0.0.1:0');
});

afterAll(() => server.close());

describe.each(['tcp', 'ws', 'jsonrpc'])('isorpc CLI over %s', (scheme) => {
  test('call prints the reply as JSON', async () => {
    const run = await isorpc('call', addresses[scheme]!, 'Arith.multiply', '{"a":7,"b":8}');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toBe(56);
  });

  test('list shows services and methods through reflection', async () => {
    const run = await isorpc('list', addresses[scheme]!);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Arith$/m);
    expect(run.stdout).toMatch(/^ {2}Arith\.multiply {2}calls=\d+$/m);
    expect(run.stdout).toMatch(/^ {2}isorpc\.list/m);
  });

  test('a handler error prints its code and message and exits 1', async () => {
    const run = await isorpc('call', addresses[scheme]!, 'Arith.fail');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('REMOTE');
    expect(run.stderr).toContain('divide by zero');
  });

  test('bench prints a progress line, throughput and percentiles', async () => {
    const run = await isorpc('bench', addresses[scheme]!, 'Arith.multiply', '{"a":2,"b":3}', '-c', '4', '-d', '1.2');
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/\r[\d.]+\/1\.2 s {2}\d+ calls {2}\d+ calls\/s {2}0 errors/);
    expect(run.stdout).toMatch(/throughput: \d+(\.\d+)? calls\/s/);
    expect(run.stdout).toMatch(/latency: p50 [\d.]+ ms {2}p90 [\d.]+ ms {2}p99 [\d.]+ ms/);
    expect(run.stdout).toMatch(/errors: 0/);
  });
});

describe('isorpc CLI options and failures', () => {
  test('--metadata (key=value and JSON) and --timeout reach the handler', async () => {
    const run = await isorpc('call', addresses.tcp!, '/meta', '--metadata', 'user=ada', '-m', '{"trace":"t1"}', '--timeout', '4000', '--codec', 'json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ metadata: { user: 'ada', trace: 't1' }, remaining: true });
  });

  test('a call over --timeout fails with TIMEOUT', async () => {
    const run = await isorpc('call', addresses.tcp!, 'Arith.slow', '--timeout', '200');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^isorpc: TIMEOUT: /);
  });

  test('malformed JSON and unknown commands are usage errors (exit 2) that send nothing', async () => {
    const bad = await isorpc('call', addresses.tcp!, 'Arith.multiply', '{"a":');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('not valid JSON');
    const unknown = await isorpc('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('usage:');
  });

  test('an unknown method prints NOT_FOUND; a dead address UNAVAILABLE', async () => {
    const missing = await isorpc('call', addresses.tcp!, 'Arith.nope');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('NOT_FOUND');
    const dead = await isorpc('call', 'tcp://127.0.0.1:1', 'Arith.multiply');
    expect(dead.code).toBe(1);
    expect(dead.stderr).toContain('UNAVAILABLE');
  });
});

describe('isorpc over TLS', () => {
  test('--ca trusts a private CA and --cert/--key present a client certificate (mutual TLS)', async () => {
    const certs = makeCertificates();
    const dir = mkdtempSync(join(tmpdir(), 'isorpc-cli-tls-'));
    const file = (name: string, pem: string): string => {
      writeFileSync(join(dir, name), pem);
      return join(dir, name);
    };
    const secure = createServer().handle('echo', (value: unknown) => value);
    const address = await secure.listen('tls://127.0.0.1:0', { tls: { cert: certs.serverCert, key: certs.serverKey, ca: certs.ca, requestCert: true } });
    try {
      const ok = await isorpc('call', address, 'echo', '"over tls"', '--ca', file('ca.pem', certs.ca), '--cert', file('client.pem', certs.clientCert), '--key', file('client.key', certs.clientKey));
      expect(ok.stderr).toBe('');
      expect(ok.code).toBe(0);
      expect(JSON.parse(ok.stdout)).toBe('over tls');
      const untrusted = await isorpc('call', address, 'echo', '"x"', '--timeout', '3000');
      expect(untrusted.code).toBe(1);
      expect(untrusted.stderr).toMatch(/UNAVAILABLE/);
      const halfPair = await isorpc('call', address, 'echo', '"x"', '--cert', file('only.pem', certs.clientCert));
      expect(halfPair.code).toBe(2);
      expect(halfPair.stderr).toContain('--cert and --key go together');
    } finally {
      await secure.close();
    }
  });
});
