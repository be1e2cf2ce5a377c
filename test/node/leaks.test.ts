// After calls settle or a connection closes, nothing is left behind: no pending entries, no timers.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { createInProcessPair, createServer, openClient, type Client } from '../../platforms/entries/node.js';
import { registerContractService } from '../contract/contract-service.mjs';

function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
}

async function pair(): Promise<{ client: Client; close: () => Promise<void> }> {
  const server = registerContractService(createServer());
  const [clientEnd, serverEnd] = createInProcessPair();
  server.accept(serverEnd);
  const client = await openClient(clientEnd);
  return { client, close: () => server.close() };
}

describe('no leaks', () => {
  test('10,000 settled calls leave no pending entries and no timers', async () => {
    const { client, close } = await pair();
    const baseline = activeTimers();
    const replies = await Promise.all(Array.from({ length: 10_000 }, (_, i) => client.call<number>('Contract.add', { a: i, b: 0 }, { timeout: 60_000 })));
    expect(replies[9_999]).toBe(9_999);
    expect(client.pendingCalls).toBe(0);
    expect(activeTimers()).toBeLessThanOrEqual(baseline);
    client.close();
    await close();
  });

  test('closing with 1,000 calls in flight rejects them all and clears every timer, on both sides', async () => {
    const { client, close } = await pair();
    const baseline = activeTimers();
    const calls = Array.from({ length: 1_000 }, (_, i) => client.call('Contract.slow', { ms: 60_000, id: `leak-${i}` }).catch((error: { code: string }) => error.code));
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Each call holds a client timeout timer, and each handler a sleep timer and a deadline timer.
    expect(activeTimers()).toBeGreaterThanOrEqual(1_000);
    client.close();
    expect(new Set(await Promise.all(calls))).toEqual(new Set(['CLOSED']));
    expect(client.pendingCalls).toBe(0);
    await close();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(activeTimers()).toBeLessThanOrEqual(baseline);
  });

  test('a pending call does not keep a Node process alive: its timer is unref-ed', () => {
    // The child leaves a call with a 60 s timeout pending and then runs out of work; it must exit
    // on its own instead of waiting for the timer.
    const script = `
      import { createServer, createInProcessPair, openClient } from '../../dist/node.mjs';
      const server = createServer().handle('hang', () => new Promise(() => {}));
      const [a, b] = createInProcessPair();
      server.accept(b);
      const client = await openClient(a);
      client.call('hang', null, { timeout: 60000 }).then(() => console.log('settled'), (e) => console.log('settled', e.code));
      console.log('pending', client.pendingCalls);
    `;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: fileURLToPath(new URL('.', import.meta.url)), encoding: 'utf8', timeout: 30_000 });
    expect(child.stderr).toBe('');
    expect(child.stdout.trim()).toBe('pending 1');
    expect(child.signal).toBeNull();
    expect(child.status).toBe(0);
  });
});

describe('timer edge cases', () => {
  test('a timeout longer than a JavaScript timer can hold waits instead of firing at once', async () => {
    const { client, close } = await pair();
    const call = client.call('Contract.slow', { ms: 50, id: 'long-timeout' }, { timeout: 2 ** 32 });
    expect(await call).toBe('finished');
    client.close();
    await close();
  });
});
