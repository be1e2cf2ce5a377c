// Runs in Node before the 'browser' project: JSON-RPC 2.0 endpoints (WebSocket, and HTTP with CORS,
// since the test page has another origin) serving the contract service to the in-browser clients.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';
import { createJsonRpcHttpHandler, createServer, type Server } from '../../platforms/entries/node.js';
import { registerContractService } from '../contract/contract-service.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** jsonrpc+ws://127.0.0.1:<port>/rpc */
    jsonRpcWsAddress: string;
    /** jsonrpc+http://127.0.0.1:<port>/rpc, answering any origin */
    jsonRpcHttpAddress: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = registerContractService(createServer()) as Server;
  project.provide('jsonRpcWsAddress', await server.listen('jsonrpc+ws://127.0.0.1:0/rpc'));
  const web = http.createServer(createJsonRpcHttpHandler(server, { path: '/rpc', cors: { origin: '*' } }));
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  project.provide('jsonRpcHttpAddress', `jsonrpc+http://127.0.0.1:${(web.address() as AddressInfo).port}/rpc`);
  return async () => {
    await server.close();
    await new Promise((resolve) => {
      web.close(resolve);
      web.closeAllConnections();
    });
  };
}
