// The built UMD file, loaded by a plain <script> tag, calls the Node WebSocket server.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openPageHarness, type PageHarness } from './page-harness.js';

let harness: PageHarness;
beforeAll(async () => {
  harness = await openPageHarness();
});
afterAll(() => harness?.close());

test('dist/isorpc.umd.min.js exposes `isorpc` and gets replies, REMOTE and NOT_FOUND errors from Node', async () => {
  const results = await harness.results<Record<string, unknown>>(`/umd.html?ws=${encodeURIComponent(harness.wsAddress)}`);
  expect(results).toMatchObject({
    global: 'object',
    add: { reply: 42 },
    bytes: { reply: { bytes: [3, 2, 1] } },
    fail: { error: { name: 'RpcError', code: 'REMOTE', message: 'no luck', remoteCode: 'E_DELIBERATE', data: { detail: 42 } } },
    missing: { error: { name: 'RpcError', code: 'NOT_FOUND' } },
  });
});
