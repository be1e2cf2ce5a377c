import { connect } from '../../platforms/entries/node.js';
import { describeTransportContract } from '../contract/index.js';
import { contractServer, setupWith } from './servers.js';

describeTransportContract('TCP (tcp://)', async () => {
  const server = contractServer();
  const address = await server.listen('tcp://127.0.0.1:0');
  return setupWith(() => connect(address), () => server.close());
});

describeTransportContract('TCP (rpcx-style tcp@)', async () => {
  const server = contractServer();
  const address = await server.listen('tcp@127.0.0.1:0');
  return setupWith(() => connect(address), () => server.close());
});
