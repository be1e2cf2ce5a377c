import { Worker } from 'node:worker_threads';
import { connectPort } from '../../platforms/node/index.js';
import { describeCallContract } from '../contract/call-suite.js';
import { setupWith } from './servers.js';

// The worker runs the built package (dist/), since workers load plain JavaScript.
describeCallContract('worker_threads Worker', async () => {
  const workers: Worker[] = [];
  return setupWith(
    () => {
      const worker = new Worker(new URL('../fixtures/worker-server.mjs', import.meta.url));
      workers.push(worker);
      return connectPort(worker);
    },
    async () => {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  );
});
