// A page calls a Web Worker that serves isorpc over its implicit MessagePort (connectPort(worker) /
// server.accept(self)), with the worker built from the UMD (classic) or the browser ESM (module).
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openPageHarness, type PageHarness } from './page-harness.js';

let harness: PageHarness;
beforeAll(async () => {
  harness = await openPageHarness();
});
afterAll(() => harness?.close());

test.each(['classic', 'module'])('a page and a %s worker call and stream to each other, transferring a Uint8Array', async (type) => {
  const results = await harness.results<Record<string, unknown>>(`/worker.html?type=${type}`);
  expect(results).toMatchObject({
    inspected: { reply: { inWorker: true, type: '[object Uint8Array]', sum: 256 } },
    sentBytesLeft: 0,
    reversed: { reply: { bytes: [9, 8, 7] } },
    fail: { error: { name: 'RpcError', code: 'REMOTE', message: 'worker says no', remoteCode: 'E_WORKER', data: { from: 'worker' } } },
    missing: { error: { name: 'RpcError', code: 'NOT_FOUND' } },
    shouted: { count: 200, first: 'WORD0', last: 'WORD199' },
    sumFromPage: { reply: 500_500 },
  });
});

test('a call pending when its Worker is terminated rejects with UNAVAILABLE through the heartbeat, and a new worker serves the page', async () => {
  const results = await harness.results<Record<string, { error?: { code: string; message: string }; code?: string; message?: string }>>('/worker-gone.html');
  expect(results).toMatchObject({
    before: { reply: { bytes: [2, 1] } },
    reachedWorker: { reply: { bytes: [3] } },
    pendingCall: { error: { name: 'RpcError', code: 'UNAVAILABLE' } },
    closedWith: { code: 'UNAVAILABLE' },
    closed: true,
    afterwards: { error: { name: 'RpcError', code: 'CLOSED' } },
    nextWorker: { reply: { bytes: [6, 5] } },
  });
  expect(results.pendingCall!.error!.message).toMatch(/heartbeat timeout 500 ms/);
  expect(results.closedWith!.message).toBe(results.pendingCall!.error!.message);
  expect(results.afterwards!.error!.message).toMatch(/^The connection is closed \(UNAVAILABLE: .*\); connect again$/);
});
