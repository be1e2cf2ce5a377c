import { MessageChannel, Worker } from 'node:worker_threads';
import { connectPort, type Client } from '../../platforms/entries/node.js';
import { describeTransportContract } from '../contract/index.js';
import { setupWith } from './servers.js';

// The worker runs the built package (dist/), since workers load plain JavaScript. The first client
// talks to it over the Worker itself; more clients get a MessagePort transferred to the same worker.
describeTransportContract('worker_threads Worker', async () => {
  const worker = new Worker(new URL('../fixtures/worker-server.mjs', import.meta.url));
  let first: Client | undefined;
  return setupWith(
    async () => {
      if (first === undefined) return (first = await connectPort(worker));
      const { port1, port2 } = new MessageChannel();
      await first.call('Worker.acceptPort', port2, { transfer: [port2] });
      return connectPort(port1);
    },
    async () => {
      await worker.terminate();
    },
  );
});
