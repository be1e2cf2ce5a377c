// Runs in Node before the 'browser' project: an arpc+ws:// endpoint serving the contract service and
// two arpc routes (one that calls the page back) to the in-browser arpc client.
import type { TestProject } from 'vitest/node';
import { createServer, type Server } from '../../platforms/entries/node.js';
import { registerContractService } from '../contract/contract-service.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** arpc+ws://127.0.0.1:<port>/arpc */
    arpcWsAddress: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = registerContractService(createServer()) as Server;
  server.handle('/mul', ({ A, B }: { A: number; B: number }) => ({ C: A * B }));
  server.handle('/callback', async (text: string, ctx) => `callback:${await ctx.peer.call<string>('/client/ping', text)}`);
  project.provide('arpcWsAddress', await server.listen('arpc+ws://127.0.0.1:0/arpc'));
  return () => server.close();
}
