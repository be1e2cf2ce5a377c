// The admin page in a real Chromium (playwright-core): it loads, lists a service's methods, its chart
// moves when calls are made, and deactivating a server in the page takes it out of a cluster
// client's rotation. A screenshot goes to test-artifacts/ (git-ignored) for a person to look at.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createClusterClient,
  createInProcessRegistry,
  createMetrics,
  createServer,
  listenAdmin,
  registerServer,
  type AdminListener,
  type ClusterClient,
  type Server,
  type ServerRegistration,
} from '../../platforms/entries/node.js';
import { CHROMIUM_ARGS, chromiumPath } from '../browser/chromium.js';

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

let browser: Browser;
let page: Page;
let admin: AdminListener;
let cluster: ClusterClient;
const servers: Server[] = [];
const registrations: ServerRegistration[] = [];

beforeAll(async () => {
  const registry = createInProcessRegistry();
  const metrics = createMetrics();
  for (const name of ['a', 'b']) {
    const server = createServer({ plugins: name === 'a' ? [metrics.plugin] : [] });
    server.register('Arith', { multiply: ({ a, b }: { a: number; b: number }) => ({ server: name, product: a * b }) });
    if (name === 'a') metrics.attach(server);
    await server.listen('tcp://127.0.0.1:0');
    servers.push(server);
    registrations.push(await registerServer(server, registry, { weight: 1, drainDelay: 0 }));
  }
  cluster = createClusterClient({ service: 'Arith', discovery: registry, select: 'round-robin' });
  admin = await listenAdmin({ server: servers[0]!, metrics, cluster: { discovery: registry, services: ['Arith'], registrations } });
  browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  page.on('pageerror', (error) => console.error('admin page error:', error));
});

afterAll(async () => {
  await browser?.close();
  cluster?.close();
  await admin?.close();
  for (const registration of registrations) await registration.close();
});

async function serversOf(calls: number): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let i = 0; i < calls; i++) seen.add(((await cluster.call('Arith.multiply', { a: i, b: 2 })) as { server: string }).server);
  return seen;
}

describe('admin page', () => {
  test('loads and shows the service and its methods', async () => {
    await page.goto(admin.url);
    await page.waitForSelector('#methods tr[data-method="Arith.multiply"]');
    await expect(page.textContent('#status')).resolves.toBe('live');
    expect(await page.locator('#cluster tbody tr').count()).toBe(2);
  });

  test('the chart moves when calls are made', async () => {
    const before = await page.evaluate(() => (document.getElementById('chart') as HTMLCanvasElement).toDataURL());
    expect(await page.getAttribute('#chart', 'data-max')).toBe('0');
    const calling = (async () => {
      // Keep calling until the page has seen a rate above zero (bounded: at most 2000 calls).
      for (let i = 0; i < 200; i++) {
        await serversOf(10);
        if (Number(await page.getAttribute('#chart', 'data-max')) > 0) return;
      }
    })();
    await calling;
    await page.waitForFunction(() => Number(document.getElementById('chart')!.dataset.max) > 0);
    const after = await page.evaluate(() => (document.getElementById('chart') as HTMLCanvasElement).toDataURL());
    expect(after).not.toBe(before);
    const calls = Number(await page.textContent('#methods tr[data-method="Arith.multiply"] td:nth-child(2)'));
    expect(calls).toBeGreaterThan(0);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}admin-page.png`, fullPage: true });
  });

  test('deactivating a server takes it out of the cluster client rotation, activating brings it back', async () => {
    const b = registrations[1]!.address;
    expect(await serversOf(4)).toEqual(new Set(['a', 'b']));
    await page.click(`#cluster tr[data-address="${b}"] button.toggle`);
    await page.waitForSelector(`#cluster tr[data-address="${b}"][data-state="inactive"]`);
    expect(registrations[1]!.metadata.state).toBe('inactive');
    expect(await serversOf(6)).toEqual(new Set(['a']));
    await page.screenshot({ path: `${ARTIFACTS}admin-page-inactive.png`, fullPage: true });

    await page.fill(`#cluster tr[data-address="${b}"] input.weight`, '3');
    await page.click(`#cluster tr[data-address="${b}"] button.set-weight`);
    await page.waitForFunction((address) => document.querySelector(`#cluster tr[data-address="${address}"] td:nth-child(4)`)?.textContent === '3', b);
    await page.click(`#cluster tr[data-address="${b}"] button.toggle`);
    await page.waitForSelector(`#cluster tr[data-address="${b}"][data-state="active"]`);
    expect(registrations[1]!.metadata).toMatchObject({ state: 'active', weight: '3' });
    expect(await serversOf(4)).toEqual(new Set(['a', 'b']));
  });
});
