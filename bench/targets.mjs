// Starts one benchmark target: a server worker (raw or isorpc) for a transport plus the client
// that calls it from the main thread. Returns { calls: { small, big }, close }.
import { Worker } from 'node:worker_threads';
import { connect, connectPort } from '../dist/node.mjs';
import { rawPortClient, rawTcpClient, rawWsClient } from './raw-clients.mjs';
import { ARG, BIG_ARG, BIG_BYTES, METHOD, RAW_BIG_FILLER, RAW_FILLER, RAW_MESSAGE_BYTES } from './payload.mjs';

export const TRANSPORTS = ['tcp', 'ws', 'port'];
export const TRANSPORT_LABELS = { tcp: 'TCP', ws: 'WebSocket', port: 'MessagePort' };
/** Raw baselines per transport; WebSocket has a naive one (a message per call) and a coalescing one. */
export const IMPL_LABELS = { isorpc: 'isorpc', raw: 'raw', 'raw-coalesced': 'raw, coalesced' };

/** The implementations measured on `transport`, isorpc first. */
export function implsFor(transport) {
  return transport === 'ws' ? ['isorpc', 'raw', 'raw-coalesced'] : ['isorpc', 'raw'];
}

const WORKERS = {
  raw: new URL('./raw-server-worker.mjs', import.meta.url),
  'raw-coalesced': new URL('./raw-server-worker.mjs', import.meta.url),
  isorpc: new URL('./isorpc-server-worker.mjs', import.meta.url),
};

/** Spawns the server worker and waits for the address it posts once it is serving. */
export function startWorker(impl, transport, options) {
  const worker = new Worker(WORKERS[impl], { workerData: { transport: impl === 'raw-coalesced' ? 'ws-coalesced' : transport, ...options } });
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
    calls: { small: () => client.call(METHOD, ARG), big: () => client.call(METHOD, BIG_ARG) },
    close: () => client.close(),
  };
}

async function rawClient(transport, worker, address, coalesce) {
  const client = transport === 'tcp' ? await rawTcpClient(address) : transport === 'ws' ? await rawWsClient(address, coalesce) : await rawPortClient(worker);
  const [small, big] = transport === 'port' ? [ARG, BIG_ARG] : [RAW_FILLER, RAW_BIG_FILLER];
  return { calls: { small: () => client.call(small), big: () => client.call(big) }, close: client.close };
}

function checkEcho(impl, transport, reply, size) {
  const bytes = size === 'big' ? (transport === 'port' || impl === 'isorpc' ? BIG_BYTES : BIG_BYTES + 4) : RAW_MESSAGE_BYTES;
  const echoed = reply instanceof Uint8Array ? reply.byteLength === bytes : reply?.byteLength === bytes || JSON.stringify(reply) === JSON.stringify(size === 'big' ? BIG_ARG : ARG);
  if (!echoed) throw new Error(`${impl} ${transport}: the ${size} echo came back wrong (${reply?.byteLength ?? JSON.stringify(reply)})`);
}

/** `options.metrics`: the isorpc server collects metrics (for the overhead row). */
export async function startTarget(impl, transport, options = {}) {
  const { worker, address, stop } = await startWorker(impl, transport, options);
  const client = impl === 'isorpc' ? await isorpcClient(transport, worker, address) : await rawClient(transport, worker, address, impl === 'raw-coalesced');
  // One checked call of each size up front: the timed loops then only count replies.
  for (const size of ['small', 'big']) checkEcho(impl, transport, await client.calls[size](), size);
  return {
    calls: client.calls,
    call: client.calls.small,
    async close() {
      client.close();
      await stop();
    },
  };
}
