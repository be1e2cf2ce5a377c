// The server process dies (SIGKILL) with 1,000 calls in flight: every call settles within the
// heartbeat deadline, and the client reconnects to the restarted server on its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { expect, test } from 'vitest';
import { connect } from '../../platforms/entries/node.js';
import { freePort, outcome, within } from './helpers.js';

const HEARTBEAT = { heartbeatInterval: 250, heartbeatTimeout: 1000 };

function startServer(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [new URL('../fixtures/kill-server.mjs', import.meta.url).pathname, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return within(
    10_000,
    new Promise<ChildProcess>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('listening') && resolve(child));
      child.once('exit', (code) => reject(new Error(`the server process exited early (${code})`)));
    }),
    'server start',
  );
}

test('SIGKILL with 1,000 calls in flight: all settle with UNAVAILABLE or CLOSED in time; a restarted server is reconnected', async () => {
  const port = await freePort();
  const first = await startServer(port);
  const client = await connect(`tcp://127.0.0.1:${port}`, { ...HEARTBEAT, reconnect: { initialDelay: 20, maxDelay: 200 } });
  let second: ChildProcess | undefined;
  try {
    const firstPid = await client.call<number>('whoami');
    const calls = Array.from({ length: 1000 }, () => outcome(client.call('hang', null, { timeout: 60_000 })));
    await client.ping(); // every request is written before the kill
    first.kill('SIGKILL');
    const codes = await within(HEARTBEAT.heartbeatTimeout + 2 * HEARTBEAT.heartbeatInterval, Promise.all(calls), '1,000 calls settling');
    for (const code of new Set(codes)) expect(['UNAVAILABLE', 'CLOSED']).toContain(code);
    second = await startServer(port);
    const secondPid = await within(10_000, client.call<number>('whoami', null, { timeout: 10_000 }), 'a call after the restart');
    expect(secondPid).toBe(second.pid);
    expect(secondPid).not.toBe(firstPid);
  } finally {
    client.close();
    first.kill('SIGKILL');
    second?.kill('SIGKILL');
  }
});
