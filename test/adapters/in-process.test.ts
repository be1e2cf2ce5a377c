import { createInProcessPair, openClient } from '../../platforms/node/index.js';
import { describeCallContract } from '../contract/call-suite.js';
import { contractServer, setupWith } from './servers.js';

describeCallContract('in-process pair', async () => {
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
