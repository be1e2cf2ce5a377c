// The transport contract: every adapter's test file calls `describeCallContract` with a factory
// that connects a client to a server serving `registerContractService` (contract-service.mjs).
// Nothing here touches Node: the suite also runs from Chromium against a Node server.
import { beforeEach, describe, expect, test } from 'vitest';
import type { Client } from '../../src/internal.js';
import { eventually, rejection, uniqueId, useContractSetup, type ContractSetup } from './helpers.js';

export type { ContractSetup } from './helpers.js';

/**
 * What a wire protocol may not carry (arpc: no metadata, deadline, cancel or error details on the
 * wire, and a string body is not marked as one, so the string 'null' reads back as JSON null).
 */
export type ContractFeature = 'metadata' | 'deadline' | 'remote-cancel' | 'error-details' | 'string-type';

/** Runs the call contract; tests needing a feature in `without` are left out, and the suite's name says so. */
export function describeCallContract(name: string, factory: () => Promise<ContractSetup>, without: ReadonlySet<ContractFeature> = new Set()): void {
  const testNeeding = (feature: ContractFeature, title: string, fn: () => Promise<void>): void => {
    if (!without.has(feature)) test(title, fn);
  };
  const lacking = without.size === 0 ? '' : ` (the protocol carries no ${[...without].join(', ')})`;
  describe(`transport contract: ${name}${lacking}`, () => {
    const current = useContractSetup(factory);
    let setup: ContractSetup;
    let client: Client;

    beforeEach(() => {
      setup = current();
      client = setup.client;
    });

    test('call resolves with the reply for every kind of plain value', async () => {
      const values = ['text', 'ünïcødé ✓ 日本', 0, -1.5, 2 ** 40, true, false, null, [1, 'two', [3]], { nested: { list: [1, 2], ok: true } }];
      for (const value of values) expect(await client.call('Contract.echo', value)).toEqual(value);
      expect(await client.call('Contract.add', { a: 2, b: 40 })).toBe(42);
    });

    testNeeding('string-type', 'an absent argument reaches the handler as undefined', async () => {
      expect(await client.call('Contract.argumentType')).toBe('undefined');
      expect(await client.call('Contract.argumentType', null)).toBe('null');
    });

    test('Uint8Array arguments and replies travel as binary', async () => {
      const bytes = Uint8Array.from({ length: 1000 }, (_, i) => i % 256);
      const reply = await client.call<Uint8Array>('Contract.reverseBytes', bytes);
      expect(reply).toBeInstanceOf(Uint8Array);
      expect(Array.from(reply)).toEqual(Array.from(bytes).reverse());
    });

    test('routes added with handle() are callable', async () => {
      expect(await client.call('/echo', 'hi')).toEqual({ route: '/echo', value: 'hi' });
    });

    test('an unknown method rejects with NOT_FOUND and the connection keeps working', async () => {
      const error = await rejection(client.call('Contract.nope'));
      expect(error.code).toBe('NOT_FOUND');
      expect(error.message).toContain('Contract.nope');
      expect(await client.call('Contract.add', { a: 1, b: 1 })).toBe(2);
    });

    test('Object.prototype members of a registered service are NOT_FOUND', async () => {
      for (const method of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'notifications', 'aborts']) {
        expect((await rejection(client.call(`Contract.${method}`))).code).toBe('NOT_FOUND');
      }
    });

    testNeeding('error-details', 'a handler error arrives as REMOTE with its message, code and data, without its stack', async () => {
      const error = await rejection(client.call('Contract.fail', 'no luck'));
      expect(error).toBeInstanceOf(Error);
      expect(error.code).toBe('REMOTE');
      expect(error.message).toBe('no luck');
      expect(error.remoteCode).toBe('E_DELIBERATE');
      expect(error.data).toEqual({ detail: 42 });
      expect(error.remoteStack).toBeUndefined();
    });

    test('go() returns a handle whose done resolves with the reply or the error, never rejecting', async () => {
      const ok = client.go<number>('Contract.add', { a: 3, b: 4 });
      const bad = client.go('Contract.fail');
      const [okDone, badDone] = await Promise.all([ok.done, bad.done]);
      expect(okDone).toBe(ok);
      expect(okDone.reply).toBe(7);
      expect(okDone.error).toBeUndefined();
      expect(badDone.error?.code).toBe('REMOTE');
      expect(badDone.reply).toBeUndefined();
    });

    test('notify delivers one-way messages in order, with no reply', async () => {
      const tag = uniqueId();
      client.notify('Contract.record', `${tag}-1`);
      client.notify('Contract.record', `${tag}-2`);
      const seen = await eventually(async () => {
        const all = await client.call<string[]>('Contract.notified');
        const mine = all.filter((entry) => entry.startsWith(tag));
        return mine.length === 2 ? mine : null;
      });
      expect(seen).toEqual([`${tag}-1`, `${tag}-2`]);
      expect(client.pendingCalls).toBe(0);
    });

    testNeeding('metadata', 'metadata reaches the handler as ctx.metadata', async () => {
      expect(await client.call('Contract.metadata', null, { metadata: { trace: 'abc-123', user: 'ünï' } })).toEqual({ trace: 'abc-123', user: 'ünï' });
      expect(await client.call('Contract.metadata')).toEqual({});
    });

    testNeeding('deadline', 'the caller timeout travels as a deadline the handler can read', async () => {
      const remaining = await client.call<number>('Contract.remaining', null, { timeout: 5000 });
      expect(remaining).toBeGreaterThan(0);
      expect(remaining).toBeLessThanOrEqual(5000);
      expect(await client.call('Contract.remaining', null, { timeout: 0 })).toBe(Number.POSITIVE_INFINITY);
    });

    testNeeding('remote-cancel', 'a call that gets no reply in time rejects with TIMEOUT, naming the caller in its stack', async () => {
      const id = uniqueId();
      async function callerNamedInTheStack(): Promise<unknown> {
        return await client.call('Contract.slow', { ms: 10_000, id }, { timeout: 50 });
      }
      const error = await rejection(callerNamedInTheStack());
      expect(error.code).toBe('TIMEOUT');
      expect(error.message).toContain('50 ms');
      expect(error.stack).toContain('callerNamedInTheStack');
      // The caller's give-up reaches the handler, whose ctx.signal aborts.
      expect(await eventually(() => client.call<string | null>('Contract.abortedWith', { id }))).toMatch(/CANCELLED|TIMEOUT/);
      expect(client.pendingCalls).toBe(0);
    });

    testNeeding('remote-cancel', 'aborting the signal rejects with CANCELLED and aborts the handler', async () => {
      const id = uniqueId();
      const controller = new AbortController();
      const call = client.call('Contract.slow', { ms: 10_000, id }, { signal: controller.signal });
      await eventually(async () => (client.pendingCalls === 1 ? true : null));
      setTimeout(() => controller.abort(), 20);
      expect((await rejection(call)).code).toBe('CANCELLED');
      expect(await eventually(() => client.call<string | null>('Contract.abortedWith', { id }))).toBe('CANCELLED');
      const already = new AbortController();
      already.abort();
      expect((await rejection(client.call('Contract.echo', 1, { signal: already.signal }))).code).toBe('CANCELLED');
    });

    test('go().cancel() settles the handle with CANCELLED', async () => {
      const handle = client.go('Contract.slow', { ms: 10_000, id: uniqueId() });
      setTimeout(() => handle.cancel(), 20);
      const done = await handle.done;
      expect(done.error?.code).toBe('CANCELLED');
    });

    test('an argument the transport cannot carry rejects with BAD_REQUEST and the connection stays up', async () => {
      const error = await rejection(client.call('Contract.echo', { fn: () => 1 }));
      expect(error.code).toBe('BAD_REQUEST');
      expect(await client.call('Contract.echo', 'still fine')).toBe('still fine');
    });

    test('a timeout or signal option that is not valid rejects with BAD_REQUEST, through call() and go(), and nothing is sent', async () => {
      // What JavaScript callers (no type checks) can pass.
      const loose = client as unknown as { call(method: string, arg: unknown, options: object): Promise<unknown>; go(method: string, arg: unknown, options: object): { done: Promise<{ error?: { code: string; message: string } }> } };
      const id = uniqueId();
      for (const options of [{ timeout: -1 }, { timeout: Number.NaN }, { signal: {} }, { signal: null }]) {
        const error = await rejection(loose.call('Contract.record', { id }, options));
        expect(error.code, JSON.stringify(options)).toBe('BAD_REQUEST');
        expect(error.message).toMatch(/^Invalid timeout|^The signal option of Contract\.record is not an AbortSignal/);
        expect((await loose.go('Contract.record', { id }, options).done).error?.code).toBe('BAD_REQUEST');
      }
      const recorded = (await client.call('Contract.notified')) as Array<{ id?: string } | null>;
      expect(recorded.filter((value) => value?.id === id)).toEqual([]);
    });

    test('10,000 concurrent calls over one connection all settle with the right replies', async () => {
      const calls = Array.from({ length: 10_000 }, (_, i) => client.call<number>('Contract.add', { a: i, b: 1 }));
      expect(client.pendingCalls).toBeGreaterThan(0);
      const replies = await Promise.all(calls);
      replies.forEach((reply, i) => expect(reply).toBe(i + 1));
      expect(client.pendingCalls).toBe(0);
    });

    test('close() rejects every pending call at once with CLOSED and leaves nothing pending', async () => {
      const calls = Array.from({ length: 20 }, () => rejection(client.call('Contract.slow', { ms: 10_000, id: uniqueId() })));
      await eventually(async () => (client.pendingCalls === 20 ? true : null));
      client.close();
      expect(client.closed).toBe(true);
      expect(client.pendingCalls).toBe(0);
      for (const error of await Promise.all(calls)) expect(error.code).toBe('CLOSED');
      expect((await rejection(client.call('Contract.echo', 1))).code).toBe('CLOSED');
    });

    test('the server keeps serving other peers when one closes mid-call', async () => {
      const other = await setup.connectAnother();
      const lost = rejection(client.call('Contract.slow', { ms: 10_000, id: uniqueId() }));
      client.close();
      expect((await lost).code).toBe('CLOSED');
      expect(await other.call('Contract.add', { a: 20, b: 22 })).toBe(42);
      other.close();
    });

    test('ping measures a round trip', async () => {
      const rtt = await client.ping();
      expect(rtt).toBeGreaterThanOrEqual(0);
      expect(rtt).toBeLessThan(5000);
    });

    test('a handler can call back the client that called it, on the same connection', async () => {
      client.handle('Client.whoami', (arg: { name: string }) => `client says hi to ${arg.name}`);
      expect(await client.call('Contract.callBack', { name: 'server' })).toEqual({ fromClient: 'client says hi to server' });
    });
  });
}
