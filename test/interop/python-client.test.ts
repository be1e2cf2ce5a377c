// A Python 3 script using only the standard library (socket + json) calls isorpc servers: one
// request on a socket, one reply. It is the Python example of docs/guide/protocols.md, word for word.
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createServer, parseAddress, type Server } from '../../platforms/entries/node.js';

const run = promisify(execFile);
const script = fileURLToPath(new URL('./python/client.py', import.meta.url));

function requirePython(): void {
  const probe = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) throw new Error('The Python interop test needs Python 3: apt-get install -y python3, then run the tests again');
}

async function runScript(address: string): Promise<string> {
  const { host, port } = parseAddress(address);
  const { stdout, stderr } = await run('python3', [script, host, String(port)], { timeout: 20_000 });
  expect(stderr).toBe('');
  return stdout.trim();
}

describe('a Python standard-library client', () => {
  let server: Server;
  beforeAll(() => {
    requirePython();
    server = createServer().register('Arith', { Multiply: ({ A, B }: { A: number; B: number }) => A * B });
  });
  afterAll(() => server?.close());

  test("calls a gorpc+tcp:// server and reads Go's reply shape", async () => {
    expect(await runScript(await server.listen('gorpc+tcp://127.0.0.1:0'))).toBe("{'id': 1, 'result': 56, 'error': None}");
  });

  test('calls a jsonrpc+tcp:// server with the same request and reads a JSON-RPC 2.0 reply', async () => {
    expect(await runScript(await server.listen('jsonrpc+tcp://127.0.0.1:0'))).toBe("{'jsonrpc': '2.0', 'id': 1, 'result': 56}");
  });

  test('is the Python example of docs/guide/protocols.md', () => {
    const guide = readFileSync(new URL('../../docs/guide/protocols.md', import.meta.url), 'utf8');
    const example = /```python\n([\s\S]*?)```/.exec(guide)?.[1];
    expect(example).toBe(readFileSync(script, 'utf8'));
  });
});
