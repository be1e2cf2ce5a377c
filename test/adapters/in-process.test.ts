import { createInProcessPair, openClient } from '../../platforms/entries/node.js';
import { describeTransportContract } from '../contract/index.js';
import { contractServer, setupWith } from './servers.js';

describeTransportContract('in-process pair', async () => {
  const server = contractServer();
  return setupWith(
    () => {
      const [clientEnd, serverEnd] = createInProcessPair();
      server.accept(serverEnd);
      return openClient(clientEnd);
    },
    () => server.close(),
  );
});
