// Reconnecting clients and graceful shutdown (drain), over real TCP sockets.
import { afterEach, describe, expect, test } from 'vitest';
import { connect, createServer, type ReconnectingClient, type Server } from '../../platforms/entries/node.js';
import { freePort, outcome, sleep, within } from './helpers.js';

const BACKOFF = { initialDelay: 10, maxDelay: 50 };
const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A server that says who it is and can hang or call back its client. */
async function namedServer(name: string, port: number, options = {}): Promise<Server> {
  const server = createServer(options)
    .handle('whoami', () => name)
    .handle('sleep', async (ms: number, ctx) => {
      await new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, ms);
        ctx.signal.addEventListener('abort', () => (clearTimeout(timer), reject(ctx.signal.reason)));
      });
      return `${name} slept`;
    })
    .handle('callBack', (_arg, ctx) => ctx.peer.call('Client.hello', name));
  await server.listen(`tcp://127.0.0.1:${port}`);
  cleanup.push(() => server.close());
  return server;
}

function record(client: ReconnectingClient): string[] {
  const events: string[] = [];
  client.on('connecting', ({ attempt }) => events.push(`connecting ${attempt}`));
  client.on('connected', () => events.push('connected'));
  client.on('disconnected', (reason) => events.push(`disconnected ${reason.code}`));
  client.on('reconnecting', ({ attempt, delay }) => events.push(`reconnecting ${attempt} ${delay >= 0 && delay <= BACKOFF.maxDelay ? 'ok-delay' : delay}`));
  client.on('closed', (reason) => events.push(`closed ${reason.code}`));
  return events;
}

describe('reconnect', () => {
  test('in-flight calls fail with UNAVAILABLE, new calls wait, the restarted server is reconnected with handlers re-applied', async () => {
    const port = await freePort();
    const first = await namedServer('first', port);
    const client = await connect(`tcp://127.0.0.1:${port}`, { reconnect: BACKOFF });
    cleanup.push(() => client.close());
    const events = record(client);
    client.handle('Client.hello', (from: string) => `hello ${from}`);
    expect(await client.call('callBack')).toBe('hello first');

    const inFlight = outcome(client.call('sleep', 10_000));
    await sleep(20);
    await first.close();
    expect(await inFlight).toBe('UNAVAILABLE');
    const waiting = client.call('whoami', null, { timeout: 5000 });
    await sleep(100);
    expect(client.connected).toBe(false);
    await namedServer('second', port);
    expect(await within(5000, waiting, 'waiting call')).toBe('second');
    expect(await client.call('callBack')).toBe('hello second');
    expect(events[0]).toBe('disconnected CLOSED');
    expect(events).toContain('reconnecting 1 ok-delay');
    expect(events.at(-1)).toBe('connected');
    expect(events.filter((event) => event.startsWith('connecting')).length).toBeGreaterThanOrEqual(2);
  });

  test("whileReconnecting: 'fail' fails fast with UNAVAILABLE; a waiting call is bounded by its timeout", async () => {
    const port = await freePort();
    const server = await namedServer('only', port);
    const failing = await connect(`tcp://127.0.0.1:${port}`, { reconnect: BACKOFF, whileReconnecting: 'fail' });
    const waiting = await connect(`tcp://127.0.0.1:${port}`, { reconnect: BACKOFF });
    cleanup.push(() => failing.close(), () => waiting.close());
    await server.close();
    await sleep(20);
    expect(await outcome(failing.call('whoami'))).toBe('UNAVAILABLE');
    expect(() => failing.notify('whoami')).toThrow(/Not connected/);
    expect(await outcome(waiting.call('whoami', null, { timeout: 100 }))).toBe('TIMEOUT');
  });

  test('maxAttempts gives up: the client closes for good and calls reject with CLOSED', async () => {
    const port = await freePort();
    const server = await namedServer('gone', port);
    const client = await connect(`tcp://127.0.0.1:${port}`, { reconnect: { ...BACKOFF, maxAttempts: 3 } });
    const events = record(client);
    const closed = new Promise((resolve) => client.onClose(resolve));
    await server.close();
    expect(await within(3000, closed, 'give up')).toMatchObject({ code: 'UNAVAILABLE' });
    expect(events.filter((event) => event.startsWith('connecting'))).toEqual(['connecting 1', 'connecting 2', 'connecting 3']);
    expect(events.at(-1)).toBe('closed UNAVAILABLE');
    expect(client.closed).toBe(true);
    expect(await outcome(client.call('whoami'))).toBe('CLOSED');
  });

  test('the first connect also retries, and rejects once maxAttempts are used up', async () => {
    const port = await freePort();
    await expect(connect(`tcp://127.0.0.1:${port}`, { reconnect: { ...BACKOFF, maxAttempts: 2 } })).rejects.toMatchObject({ code: 'CLOSED' });
    const pending = connect(`tcp://127.0.0.1:${port}`, { reconnect: BACKOFF });
    await sleep(60);
    await namedServer('late', port);
    const client = await within(3000, pending, 'late connect');
    cleanup.push(() => client.close());
    expect(await client.call('whoami')).toBe('late');
  });
});

describe('graceful shutdown: close({ drain })', () => {
  test('running calls finish, new calls on the drained connection fail fast with UNAVAILABLE', async () => {
    const port = await freePort();
    const server = await namedServer('draining', port);
    const client = await connect(`tcp://127.0.0.1:${port}`);
    const running = client.call('sleep', 200);
    await sleep(20);
    const closing = server.close({ drain: 5000 });
    await sleep(20);
    expect(await outcome(client.call('whoami'))).toBe('UNAVAILABLE');
    expect(await running).toBe('draining slept');
    await within(3000, closing, 'close after drain');
    expect(client.closed).toBe(true);
  });

  test('calls still running when the drain time is up are cancelled: their handlers see ctx.signal abort', async () => {
    const port = await freePort();
    const aborted: string[] = [];
    const server = createServer().handle('forever', (_arg, ctx) => new Promise((_, reject) => ctx.signal.addEventListener('abort', () => (aborted.push((ctx.signal.reason as { code: string }).code), reject(ctx.signal.reason)))));
    await server.listen(`tcp://127.0.0.1:${port}`);
    const client = await connect(`tcp://127.0.0.1:${port}`);
    const call = outcome(client.call('forever'));
    await sleep(20);
    await within(3000, server.close({ drain: 100 }), 'close');
    expect(aborted).toEqual(['CLOSED']);
    expect(await call).toBe('CLOSED');
  });

  test('a reconnecting client moves new calls to the new server while the old one finishes', async () => {
    const port = await freePort();
    const old = await namedServer('old', port);
    const client = await connect(`tcp://127.0.0.1:${port}`, { reconnect: BACKOFF });
    cleanup.push(() => client.close());
    const running = client.call('sleep', 300);
    await sleep(20);
    const reconnected = new Promise((resolve) => client.on('connected', resolve));
    const closing = old.close({ drain: 5000 });
    // The old listening socket is closed at once, so the replacement can bind the same port.
    await namedServer('new', port);
    await within(3000, reconnected, 'reconnect after the drain notice');
    expect(await client.call('whoami')).toBe('new');
    expect(await running).toBe('old slept');
    await closing;
    expect(await client.call('whoami')).toBe('new');
  });
});
