// Worker entry for the cluster bench: three TCP servers of Arith in their own thread, the first made
// slow (workerData.slowMs per call). Each counts the calls it served (Arith.count) so the bench can
// tell how many backup requests were sent.
import { parentPort, workerData } from 'node:worker_threads';
import { createServer } from '../dist/node.mjs';

const addresses = [];
for (const [index, name] of ['slow', 'fast-1', 'fast-2'].entries()) {
  const delay = index === 0 ? workerData.slowMs : 0;
  let served = 0;
  const server = createServer().register('Arith', {
    async mul({ a, b }, ctx) {
      served++;
      if (delay > 0) {
        await new Promise((resolve, reject) => {
          const timer = setTimeout(resolve, delay);
          ctx.signal.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(ctx.signal.reason);
          });
        });
      }
      return a * b;
    },
    count: () => ({ name, served }),
  });
  addresses.push({ name, address: await server.listen('tcp@127.0.0.1:0') });
}
parentPort.postMessage(addresses);
