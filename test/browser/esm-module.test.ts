// The bundled browser ESM build, imported by a <script type="module">, calls the Node WebSocket server.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openPageHarness, type PageHarness } from './page-harness.js';

let harness: PageHarness;
beforeAll(async () => {
  harness = await openPageHarness();
});
afterAll(() => harness?.close());

test('dist/isorpc.browser.mjs connects from a module script and gets replies and errors from Node', async () => {
  const results = await harness.results<Record<string, unknown>>(`/esm.html?ws=${encodeURIComponent(harness.wsAddress)}`);
  expect(results).toMatchObject({
    add: { reply: 42 },
    metadata: { reply: { trace: 'esm-1' } },
    fail: { error: { name: 'RpcError', code: 'REMOTE', message: 'from esm', remoteCode: 'E_DELIBERATE' } },
    failIsRpcError: true,
    missing: { error: { name: 'RpcError', code: 'NOT_FOUND' } },
  });
});
