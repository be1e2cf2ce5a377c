// Runs in Node before the 'browser' project: a server whose method checks its argument with a zod
// schema, over WebSocket and over the HTTP gateway (any origin), for validation.browser.test.ts.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';
import { z } from 'zod';
import { createHttpGateway, createServer } from '../../platforms/entries/node.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** ws://127.0.0.1:<port>/rpc of a server with the validated method `Geo.norm`. */
    validationWsAddress: string;
    /** http://127.0.0.1:<port>/api: the same server's HTTP gateway, answering any origin. */
    validationGatewayUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const point = z.object({ x: z.coerce.number(), y: z.coerce.number(), label: z.string().default('origin') });
  const server = createServer().handle('Geo.norm', (arg) => ({ sum: arg.x + arg.y, label: arg.label }), { input: point });
  project.provide('validationWsAddress', await server.listen('ws://127.0.0.1:0/rpc'));
  const web = http.createServer(createHttpGateway(server, { prefix: '/api', cors: { origin: '*' } }));
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  project.provide('validationGatewayUrl', `http://127.0.0.1:${(web.address() as AddressInfo).port}/api`);
  return async () => {
    await server.close();
    await new Promise((resolve) => {
      web.close(resolve);
      web.closeAllConnections();
    });
  };
}
