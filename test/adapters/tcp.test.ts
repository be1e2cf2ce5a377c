import { connect } from '../../platforms/node/index.js';
import { describeCallContract } from '../contract/call-suite.js';
import { contractServer, setupWith } from './servers.js';

describeCallContract('TCP (tcp://)', async () => {
  const server = contractServer();
  const address = await server.listen('tcp://127.0.0.1:0');
  return setupWith(() => connect(address), () => server.close());
});

describeCallContract('TCP (rpcx-style tcp@)', async () => {
  const server = contractServer();
  const address = await server.listen('tcp@127.0.0.1:0');
  return setupWith(() => connect(address), () => server.close());
});
