import { MessageChannel } from 'node:worker_threads';
import { connectPort } from '../../platforms/entries/node.js';
import { describeTransportContract } from '../contract/index.js';
import { contractServer, setupWith } from './servers.js';

describeTransportContract('MessagePort (MessageChannel)', async () => {
  const server = contractServer();
  return setupWith(
    () => {
      const { port1, port2 } = new MessageChannel();
      server.accept(port1);
      return connectPort(port2);
    },
    () => server.close(),
  );
});
