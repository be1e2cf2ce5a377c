// The peers of the other protocols leave nothing behind either: after calls settle or a connection
// closes there are no pending entries and no timers, on both sides.
import { describe, expect, test } from 'vitest';
import { createInProcessPair, createServer, jsonRpcServerProtocol, openJsonRpcClient, type Client } from '../../platforms/entries/node.js';
import { registerContractService } from '../contract/contract-service.mjs';

function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
}

/** A JSON-RPC client and server over an in-process pair (JSON text as the messages). */
function pair(): { client: Client; close: () => Promise<void> } {
  const server = registerContractService(createServer());
  const [clientEnd, serverEnd] = createInProcessPair();
  server.accept(serverEnd, jsonRpcServerProtocol);
  return { client: openJsonRpcClient(clientEnd), close: () => server.close() };
}

describe('no leaks in the JSON-RPC peers', () => {
  test('5,000 settled calls leave no pending entries and no timers', async () => {
    const { client, close } = pair();
    const baseline = activeTimers();
    const replies = await Promise.all(Array.from({ length: 5_000 }, (_, i) => client.call<number>('Contract.add', { a: i, b: 0 }, { timeout: 60_000 })));
    expect(replies[4_999]).toBe(4_999);
    expect(client.pendingCalls).toBe(0);
    expect(activeTimers()).toBeLessThanOrEqual(baseline);
    client.close();
    await close();
  });

  test('closing with 500 calls in flight rejects them all with CLOSED and clears every timer, on both sides', async () => {
    const { client, close } = pair();
    const baseline = activeTimers();
    const calls = Array.from({ length: 500 }, (_, i) => client.call('Contract.slow', { ms: 60_000, id: `json-leak-${i}` }).catch((error: { code: string }) => error.code));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(activeTimers()).toBeGreaterThanOrEqual(500);
    client.close();
    expect(new Set(await Promise.all(calls))).toEqual(new Set(['CLOSED']));
    expect(client.pendingCalls).toBe(0);
    await close();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(activeTimers()).toBeLessThanOrEqual(baseline);
  });
});
