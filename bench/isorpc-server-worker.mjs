// Worker entry for isorpc: serves Bench.echo over one transport, in its own thread so client and
// server each get a core. workerData.transport: 'tcp' | 'ws' | 'port'; workerData.metrics: collect
// metrics (middleware and plugin), to measure what they cost.
import { parentPort, workerData } from 'node:worker_threads';
import { createMetrics, createServer } from '../dist/node.mjs';

const metrics = workerData.metrics ? createMetrics() : undefined;
const server = createServer({ plugins: metrics ? [metrics.plugin] : [] }).register('Bench', {
  echo: (arg) => arg,
});
metrics?.attach(server);

if (workerData.transport === 'port') {
  server.accept(parentPort);
  // Posted before the main thread attaches its isorpc client, so the client never sees it.
  parentPort.postMessage({ address: 'port' });
} else {
  const scheme = workerData.transport === 'tcp' ? 'tcp://' : 'ws://';
  const address = await server.listen(`${scheme}127.0.0.1:0${workerData.transport === 'ws' ? '/' : ''}`);
  parentPort.postMessage({ address });
}
