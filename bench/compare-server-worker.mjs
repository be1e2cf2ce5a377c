// Worker entry for `npm run bench:compare`: serves `echo` with one library over the MessagePort it was
// handed, in its own thread, as a Web Worker serves its page. workerData: { lib, port }.
import { parentPort, workerData } from 'node:worker_threads';
import { createBirpc } from 'birpc';
import { RpcTarget, newMessagePortRpcSession } from 'capnweb';
import { expose } from 'comlink';
import { createServer } from '../dist/node.mjs';

const { lib, port } = workerData;
const echo = (arg) => arg;

class Echo extends RpcTarget {
  echo(arg) {
    return arg;
  }
}

const serve = {
  // The baseline: what any of them must do at least, one message each way with an id to match.
  raw: () => port.on('message', (message) => port.postMessage(message)),
  isorpc: () => createServer().register('Bench', { echo }).accept(port),
  birpc: () => createBirpc({ echo }, { post: (data) => port.postMessage(data), on: (fn) => port.on('message', fn) }),
  // Node's MessagePort is an EventTarget, the endpoint Comlink expects.
  comlink: () => expose({ echo }, port),
  capnweb: () => newMessagePortRpcSession(port, new Echo()),
};

serve[lib]();
parentPort.postMessage('serving');
