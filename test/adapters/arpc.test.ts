// The call contract over arpc on TCP and WebSocket. arpc's wire has no metadata, deadline, cancel
// message, error code/data or string marker, so the tests that need those are left out (named in the suite title);
// streams are isorpc's own and not run here. Client-side timeouts and cancellation are tested in
// test/node/arpc.test.ts.
import { connect } from '../../platforms/entries/node.js';
import { describeCallContract, type ContractFeature } from '../contract/call-suite.js';
import { contractServer, setupWith } from './servers.js';

const ARPC_LACKS: ReadonlySet<ContractFeature> = new Set(['metadata', 'deadline', 'remote-cancel', 'error-details', 'string-type']);

describeCallContract(
  'arpc over TCP (arpc://)',
  async () => {
    const server = contractServer();
    const address = await server.listen('arpc://127.0.0.1:0');
    return setupWith(() => connect(address), () => server.close());
  },
  ARPC_LACKS,
);

describeCallContract(
  'arpc over WebSocket (arpc+ws://)',
  async () => {
    const server = contractServer();
    const address = await server.listen('arpc+ws://127.0.0.1:0/arpc');
    return setupWith(() => connect(address), () => server.close());
  },
  ARPC_LACKS,
);
