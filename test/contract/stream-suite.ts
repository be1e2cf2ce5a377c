// The transport contract, part two: streams with flow control, cancellation and deadlines that reach
// the handler, response metadata, broadcast and typed proxies. Runs on every adapter, in Node and
// in Chromium, observing the server only through calls.
import { beforeEach, describe, expect, test } from 'vitest';
import { DEFAULT_STREAM_WINDOW, type Client, type Metadata } from '../../src/internal.js';
import type { ContractService } from './contract-service.mjs';
import { eventually, rejection, uniqueId, useContractSetup, type ContractSetup } from './helpers.js';

async function* fromArray<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

export function describeStreamContract(name: string, factory: () => Promise<ContractSetup>): void {
  describe(`stream contract: ${name}`, () => {
    const current = useContractSetup(factory);
    let setup: ContractSetup;
    let client: Client;

    beforeEach(() => {
      setup = current();
      client = setup.client;
    });

    test('100,000 streamed items reach a slower consumer, the producer never more than one window ahead', async () => {
      const id = uniqueId();
      const total = 100_000;
      let consumed = 0;
      let outOfOrder = 0;
      let maxLead = 0;
      for await (const item of client.stream<number>('Contract.count', { n: total, id })) {
        if (item !== consumed) outOfOrder++;
        consumed++;
        // Every 8192 items the consumer is slow for a moment, then asks how far ahead the producer
        // is: meanwhile the producer has run until the window was spent, and no further.
        if (consumed % 8192 === 0) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          const produced = await client.call<number>('Contract.produced', { id });
          maxLead = Math.max(maxLead, produced - consumed);
        }
      }
      expect(consumed).toBe(total);
      expect(outOfOrder).toBe(0);
      expect(maxLead).toBeLessThanOrEqual(DEFAULT_STREAM_WINDOW);
      expect(maxLead).toBeGreaterThanOrEqual(DEFAULT_STREAM_WINDOW / 2);
      // One message per item: Chromium's WebSocket here carries ~3,500 messages/s even without isorpc.
    }, 120_000);

    test('breaking out of for-await cancels the producer on the other side', async () => {
      const id = uniqueId();
      for await (const item of client.stream<number>('Contract.count', { n: 1_000_000, id })) {
        if (item === 10) break;
      }
      expect(await eventually(() => client.call<string | null>('Contract.abortedWith', { id }))).toBe('CANCELLED');
      expect(await client.call<number>('Contract.produced', { id })).toBeLessThan(10 + 2 * DEFAULT_STREAM_WINDOW);
      expect(client.pendingCalls).toBe(0);
    });

    test('a client stream: the handler reads the caller’s AsyncIterable and replies once', async () => {
      const numbers = Array.from({ length: 1000 }, (_, i) => i);
      expect(await client.call('Contract.sum', fromArray(numbers))).toBe(499_500);
    });

    test('a client stream whose source throws fails the call with CANCELLED naming the method and the error', async () => {
      async function* broken() {
        yield 1;
        throw new Error('the source broke');
      }
      const error = await rejection(client.call('Contract.sum', broken()));
      expect(error.code).toBe('CANCELLED');
      expect(error.message).toBe('The streamed argument of Contract.sum threw, so the call was cancelled: the source broke');
      expect(await client.call('Contract.echo', 'still fine')).toBe('still fine');
    });

    test('a bidirectional stream echoes as it goes', async () => {
      const words = Array.from({ length: 300 }, (_, i) => `word-${i}`);
      const echoed: string[] = [];
      for await (const word of client.stream<string>('Contract.shout', fromArray(words))) echoed.push(word);
      expect(echoed).toEqual(words.map((word) => word.toUpperCase()));
    });

    test('an error thrown mid-stream reaches the consumer as a REMOTE RpcError after the items before it', async () => {
      const received: number[] = [];
      const failure = rejection(
        (async () => {
          for await (const item of client.stream<number>('Contract.failAfter', { n: 3 })) received.push(item);
        })(),
      );
      const error = await failure;
      expect(received).toEqual([0, 1, 2]);
      expect(error.code).toBe('REMOTE');
      expect(error.remoteCode).toBe('E_MIDSTREAM');
    });

    test('aborting the signal mid-stream ends iteration with CANCELLED and aborts the handler', async () => {
      const id = uniqueId();
      const controller = new AbortController();
      const received: number[] = [];
      const failure = rejection(
        (async () => {
          for await (const item of client.stream<number>('Contract.count', { n: 1_000_000, id }, { signal: controller.signal })) {
            received.push(item);
            if (item === 5) controller.abort();
          }
        })(),
      );
      expect((await failure).code).toBe('CANCELLED');
      expect(received.length).toBeGreaterThanOrEqual(6);
      expect(await eventually(() => client.call<string | null>('Contract.abortedWith', { id }))).toBe('CANCELLED');
    });

    test('a stream timeout travels as the handler’s deadline', async () => {
      const id = uniqueId();
      const error = await rejection(client.stream('Contract.waitForAbort', { id }, { timeout: 100 }).next());
      expect(error.code).toBe('TIMEOUT');
      expect(await eventually(() => client.call<string | null>('Contract.abortedWith', { id }))).toMatch(/TIMEOUT|CANCELLED/);
    });

    test('closing the connection ends open streams with CLOSED', async () => {
      const stream = client.stream<number>('Contract.count', { n: 1_000_000, id: uniqueId() });
      expect((await stream.next()).value).toBe(0);
      client.close();
      const error = await rejection(
        (async () => {
          for (;;) if ((await stream.next()).done) return;
        })(),
      );
      expect(error.code).toBe('CLOSED');
    });

    test('response metadata reaches the caller, for a call and for a stream', async () => {
      const seen: Metadata[] = [];
      expect(await client.call('Contract.withMetadata', {}, { onMetadata: (metadata) => seen.push(metadata) })).toBe('ok');
      expect(seen).toEqual([{ 'x-served-by': 'contract' }]);
      const streamed: Metadata[] = [];
      const items: number[] = [];
      for await (const item of client.stream<number>('Contract.withMetadata', { stream: true }, { onMetadata: (metadata) => streamed.push(metadata) })) items.push(item);
      expect(items).toEqual([1, 2]);
      expect(streamed).toEqual([{ 'x-served-by': 'contract' }, { 'x-trailer': 'done' }]);
    });

    test('call() on a streaming method explains to use stream()', async () => {
      const error = await rejection(client.call('Contract.count', { n: 3, id: uniqueId() }));
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toContain('stream()');
    });

    test('broadcast reaches every connected peer once', async () => {
      const tag = uniqueId();
      const others = await Promise.all([setup.connectAnother(), setup.connectAnother(), setup.connectAnother()]);
      const inboxes = [client, ...others].map((peer) => {
        const inbox: unknown[] = [];
        peer.handle('Client.news', (news: unknown) => void inbox.push(news));
        return inbox;
      });
      const reached = await client.call<number>('Contract.broadcast', { method: 'Client.news', arg: { tag } });
      expect(reached).toBeGreaterThanOrEqual(4);
      await eventually(async () => (inboxes.every((inbox) => inbox.length > 0) ? true : null));
      for (const inbox of inboxes) expect(inbox).toEqual([{ tag }]);
    });

    test('a typed proxy calls unary methods and iterates streaming ones', async () => {
      const contract = client.proxy<ContractService>('Contract');
      expect(await contract.add({ a: 20, b: 22 })).toBe(42);
      const items: number[] = [];
      for await (const item of contract.count({ n: 5, id: uniqueId() })) items.push(item);
      expect(items).toEqual([0, 1, 2, 3, 4]);
      expect((await rejection(Promise.resolve(contract.fail('via proxy')))).remoteCode).toBe('E_DELIBERATE');
    });
  });
}
