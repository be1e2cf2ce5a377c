// Helpers shared by the Node adapter tests: a contract server and a setup that tracks what to close.
import { createServer, type Client, type Server } from '../../platforms/entries/node.js';
import type { ContractSetup } from '../contract/index.js';
import { registerContractService } from '../contract/contract-service.mjs';

export function contractServer(): Server {
  return registerContractService(createServer()) as Server;
}

/** Builds a ContractSetup from a way to open clients and the things to close afterwards. */
export async function setupWith(open: () => Promise<Client>, closeAll: () => Promise<void> | void): Promise<ContractSetup> {
  const clients: Client[] = [];
  const track = async (): Promise<Client> => {
    const client = await open();
    clients.push(client);
    return client;
  };
  return {
    client: await track(),
    connectAnother: track,
    close: async () => {
      for (const client of clients) client.close();
      await closeAll();
    },
  };
}
