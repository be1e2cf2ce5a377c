// Runs in Node before the 'browser' project: the WebSocket server the in-browser contract suite calls.
import type { TestProject } from 'vitest/node';
import { createServer, type Server } from '../../platforms/entries/node.js';
import { registerContractService } from '../contract/contract-service.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** ws://127.0.0.1:<port>/rpc of the Node server serving the contract service. */
    wsAddress: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Compression on, so the browser inflates (asynchronously) every reply over 512 bytes.
  const server = registerContractService(createServer({ compression: { threshold: 512 } })) as Server;
  project.provide('wsAddress', await server.listen('ws://127.0.0.1:0/rpc'));
  return () => server.close();
}
