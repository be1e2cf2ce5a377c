// What each plain-Playwright test file shares: one Chromium, a static server for fixtures/ and dist/,
// and a Node isorpc WebSocket server serving the contract service. Pages report through `window.results`.
import { chromium } from 'playwright-core';
import { createServer, type Server } from '../../platforms/entries/node.js';
import { registerContractService } from '../contract/contract-service.mjs';
import { CHROMIUM_ARGS, chromiumPath } from './chromium.js';
import { startStaticServer } from './static-server.js';

export interface PageHarness {
  /** ws://127.0.0.1:<port>/rpc of the Node contract server. */
  readonly wsAddress: string;
  /** Opens fixture `path` (with its query) in a fresh page and resolves with the page's `window.results`. */
  results<T>(path: string): Promise<T>;
  close(): Promise<void>;
}

export async function openPageHarness(): Promise<PageHarness> {
  // Registered as each part starts, so a failure half-way still closes what did start.
  const closers: Array<() => Promise<void>> = [];
  const close = async (): Promise<void> => {
    for (const closeOne of closers.splice(0).reverse()) await closeOne();
  };
  try {
    const rpc = registerContractService(createServer()) as Server;
    closers.push(() => rpc.close());
    const wsAddress = await rpc.listen('ws://127.0.0.1:0/rpc');
    const files = await startStaticServer();
    closers.push(() => files.close());
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    closers.push(() => browser.close());

    const results = async <T>(path: string): Promise<T> => {
      const page = await browser.newPage();
      try {
        // A script error or a missing file would otherwise show up only as a missing result.
        const broken = new Promise<never>((_, reject) => {
          page.on('pageerror', (error) => reject(new Error(`${path}: uncaught ${error.message}`)));
          page.on('response', (response) => {
            if (response.status() >= 400) reject(new Error(`${response.url()} answered ${response.status()}; run npx rollup -c first`));
          });
        });
        broken.catch(() => undefined);
        await Promise.race([page.goto(files.origin + path), broken]);
        return await Promise.race([page.evaluate('window.results') as Promise<T>, broken]);
      } finally {
        await page.close();
      }
    };
    return { wsAddress, results, close };
  } catch (error) {
    await close();
    throw error;
  }
}
