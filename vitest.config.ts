import { playwright } from '@vitest/browser-playwright';
import { configDefaults, defineConfig } from 'vitest/config';
import { CHROMIUM_ARGS, chromiumPath } from './test/browser/chromium.js';

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Tests open real sockets and browsers: keep the 2-core machines from oversubscribing.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          // *.browser.test.ts files run inside Chromium, in the 'browser' project.
          exclude: [...configDefaults.exclude, 'test/**/*.browser.test.ts'],
        },
      },
      {
        extends: true,
        // Pre-bundle up front so Vite never reloads the page mid-run to optimise a late-found dependency.
        optimizeDeps: { include: ['isomorphic-ws', '@msgpack/msgpack'] },
        test: {
          name: 'browser',
          include: ['test/**/*.browser.test.ts'],
          globalSetup: ['test/browser/contract-server.global-setup.ts', 'test/browser/jsonrpc-server.global-setup.ts', 'test/browser/arpc-server.global-setup.ts', 'test/browser/rpcx-server.global-setup.ts', 'test/browser/validation-server.global-setup.ts'],
          browser: {
            enabled: true,
            headless: true,
            // Playwright cannot download browsers here: launch the installed Chromium.
            provider: playwright({ launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS } }),
            instances: [{ browser: 'chromium' }],
            api: { host: '127.0.0.1', port: Number(process.env.VITEST_BROWSER_PORT ?? 63315) },
            screenshotFailures: false,
          },
        },
      },
    ],
  },
});
