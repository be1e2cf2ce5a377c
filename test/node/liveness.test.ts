// Heartbeat and idle timeout: a silent peer is detected and everything pending on it settles.
import { MessageChannel, Worker } from 'node:worker_threads';
import { describe, expect, test } from 'vitest';
import { FrameType, connectPort, createInProcessPair, createServer, openClient, type Plugin } from '../../platforms/entries/node.js';
import { freezable, outcome, sleep, within } from './helpers.js';

// Fast enough for tests, slow enough that a loaded machine's event-loop stalls never look like a dead peer.
const FAST = { heartbeatInterval: 100, heartbeatTimeout: 1000 };

function hangingServer(options = {}) {
  return createServer(options)
    .handle('hang', () => new Promise(() => undefined))
    .handle('ticks', async function* () {
      for (;;) {
        yield 1;
        await sleep(5);
      }
    });
}

describe('heartbeat', () => {
  test('a peer that goes silent is closed with UNAVAILABLE; its pending calls and streams reject within the deadline', async () => {
    const server = hangingServer({ heartbeatInterval: 0 });
    const [clientEnd, serverEnd] = createInProcessPair();
    const frozen = freezable(serverEnd);
    server.accept(frozen);
    const client = await openClient(clientEnd, FAST);
    const calls = Array.from({ length: 50 }, () => outcome(client.call('hang', null, { timeout: 60_000 })));
    const stream = client.stream('hang');
    const streamOutcome = outcome(stream.next());
    await sleep(50);
    frozen.freeze();
    const started = Date.now();
    expect(new Set(await within(4000, Promise.all(calls), 'calls'))).toEqual(new Set(['UNAVAILABLE']));
    expect(await streamOutcome).toBe('UNAVAILABLE');
    // Detection waits for the heartbeat timeout (less at most one tick of the heartbeat timer).
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(client.closed).toBe(true);
    await server.close();
  });

  test('a healthy idle connection survives many heartbeat periods; a busy one sends no pings', async () => {
    const server = hangingServer(FAST);
    const [clientEnd, serverEnd] = createInProcessPair();
    server.accept(serverEnd);
    let pings = 0;
    const counter: Plugin = { name: 'count-pings', afterEncode: (data) => void ((data as unknown[])[0] === FrameType.Ping && pings++) };
    const client = await openClient(clientEnd, { ...FAST, plugins: [counter] });
    await sleep(2500); // 25 intervals, 2.5 timeouts
    expect(client.closed).toBe(false);
    expect(pings).toBeGreaterThan(0);
    pings = 0;
    let items = 0;
    for await (const _ of client.stream('ticks')) if (++items === 120) break; // ~600 ms of steady traffic
    expect(pings).toBe(0);
    expect(client.closed).toBe(false);
    client.close();
    await server.close();
  });

  test('idleTimeout closes a connection without calls, but not one with a call running', async () => {
    const server = hangingServer({ idleTimeout: 150, heartbeatInterval: 0 });
    const [clientEnd, serverEnd] = createInProcessPair();
    const peer = server.accept(serverEnd);
    const client = await openClient(clientEnd, { heartbeatInterval: 0 });
    const pending = outcome(client.call('hang', null, { timeout: 500 }));
    await sleep(300);
    expect(peer.closed).toBe(false); // busy: a call is running
    expect(await pending).toBe('TIMEOUT');
    const reason = await within(1000, new Promise((resolve) => peer.onClose(resolve)), 'idle close');
    expect(reason).toMatchObject({ code: 'CLOSED', message: expect.stringContaining('idle') });
    await server.close();
  });
});

describe('Workers', () => {
  test('a worker_threads Worker terminated mid-call is detected; its pending calls reject', async () => {
    const worker = new Worker(new URL('../fixtures/worker-server.mjs', import.meta.url));
    const client = await connectPort(worker, FAST);
    expect(await client.call('Contract.add', { a: 1, b: 2 })).toBe(3);
    const calls = Array.from({ length: 20 }, (_, i) => outcome(client.call('Contract.slow', { ms: 60_000, id: `w${i}` })));
    await sleep(30);
    await worker.terminate();
    for (const code of await within(4000, Promise.all(calls), 'calls')) expect(['CLOSED', 'UNAVAILABLE']).toContain(code);
    expect(client.closed).toBe(true);
  });

  test('a MessagePort into a terminated Worker rejects its pending calls', async () => {
    const worker = new Worker(new URL('../fixtures/worker-server.mjs', import.meta.url));
    const first = await connectPort(worker);
    const { port1, port2 } = new MessageChannel();
    await first.call('Worker.acceptPort', port2, { transfer: [port2] });
    const client = await connectPort(port1, FAST);
    const call = outcome(client.call('Contract.slow', { ms: 60_000, id: 'port' }));
    await sleep(30);
    await worker.terminate();
    // Node closes the port (CLOSED); where nothing does (browsers), the heartbeat closes it (UNAVAILABLE).
    expect(['CLOSED', 'UNAVAILABLE']).toContain(await within(4000, call, 'call'));
    expect(client.closed).toBe(true);
  });
});
