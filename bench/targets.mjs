// Starts one benchmark target: a server worker (raw or isorpc) for a transport plus the client
// that calls it from the main thread. Returns { call, close }.
import { Worker } from 'node:worker_threads';
import { connect, connectPort } from '../dist/node.mjs';
import { rawPortClient, rawTcpClient, rawWsClient } from './raw-clients.mjs';
import { ARG, METHOD, RAW_MESSAGE_BYTES } from './payload.mjs';

export const TRANSPORTS = ['tcp', 'ws', 'port'];
export const TRANSPORT_LABELS = { tcp: 'TCP', ws: 'WebSocket', port: 'MessagePort' };

const WORKERS = {
  raw: new URL('./raw-server-worker.mjs', import.meta.url),
  isorpc: new URL('./isorpc-server-worker.mjs', import.meta.url),
};

/** Spawns the server worker and waits for the address it posts once it is serving. */
function startWorker(impl, transport, options) {
  const worker = new Worker(WORKERS[impl], { workerData: { transport, ...options } });
  let stopping = false;
  const stop = () => {
    stopping = true;
    return worker.terminate();
  };
  return new Promise((resolve, reject) => {
    const onExit = (code) => reject(new Error(`${impl} ${transport} server worker exited (code ${code}) before serving`));
    worker.once('error', reject);
    worker.once('exit', onExit);
    worker.once('message', ({ address }) => {
      worker.off('error', reject);
      worker.off('exit', onExit);
      // A server that dies mid-run would leave the raw clients waiting forever: stop the benchmark.
      worker.on('error', (error) => console.error(`${impl} ${transport} server worker failed:`, error));
      worker.on('exit', (code) => {
        if (stopping) return;
        console.error(`${impl} ${transport} server worker exited (code ${code}) during the benchmark`);
        process.exit(1);
      });
      resolve({ worker, address, stop });
    });
  });
}

async function isorpcClient(transport, worker, address) {
  const client = transport === 'port' ? await connectPort(worker) : await connect(address);
  return {
    call: () => client.call(METHOD, ARG),
    close: () => client.close(),
  };
}

async function rawClient(transport, worker, address) {
  if (transport === 'tcp') return rawTcpClient(address);
  if (transport === 'ws') return rawWsClient(address);
  return rawPortClient(worker);
}

/** `options.metrics`: the isorpc server collects metrics (for the overhead row). */
export async function startTarget(impl, transport, options = {}) {
  const { worker, address, stop } = await startWorker(impl, transport, options);
  const client = await (impl === 'isorpc' ? isorpcClient : rawClient)(transport, worker, address);
  // One checked call up front: the timed loops then only count replies.
  const reply = await client.call();
  const echoed = reply instanceof Uint8Array ? reply.byteLength === RAW_MESSAGE_BYTES : JSON.stringify(reply) === JSON.stringify(ARG);
  if (!echoed) throw new Error(`${impl} ${transport}: the echo came back wrong: ${JSON.stringify(reply)}`);
  return {
    call: client.call,
    async close() {
      client.close();
      await stop();
    },
  };
}
