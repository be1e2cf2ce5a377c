// The transport contract inside Chromium: the browser's own WebSocket (isomorphic-ws resolves to it
// through its "browser" field) against the Node server started by contract-server.global-setup.ts.
import WebSocketImpl from 'isomorphic-ws';
import { expect, inject, test } from 'vitest';
import { connect, type Client } from '../../platforms/entries/index.js';
import { describeTransportContract } from '../contract/index.js';

test('isomorphic-ws resolves to the browser WebSocket, not ws', () => {
  expect(WebSocketImpl).toBe(globalThis.WebSocket);
});

describeTransportContract('WebSocket (Chromium client, Node ws server)', async () => {
  const address = inject('wsAddress');
  const clients: Client[] = [];
  const open = async (): Promise<Client> => {
    const client = await connect(address);
    clients.push(client);
    return client;
  };
  return {
    client: await open(),
    connectAnother: open,
    // The server outlives the file (global setup closes it); each test closes only its clients.
    close: async () => {
      for (const client of clients) client.close();
    },
  };
});
