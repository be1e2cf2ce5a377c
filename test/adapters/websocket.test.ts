import { connect } from '../../platforms/entries/node.js';
import { describeTransportContract } from '../contract/index.js';
import { contractServer, setupWith } from './servers.js';

describeTransportContract('WebSocket (Node client, ws server)', async () => {
  const server = contractServer();
  const address = await server.listen('ws://127.0.0.1:0/rpc');
  return setupWith(() => connect(address), () => server.close());
});
