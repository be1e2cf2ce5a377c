// Worker entry for the stream benchmark: streams `n` items to the client, in its own thread.
// workerData: { impl: 'isorpc' | 'raw', transport: 'tcp' | 'ws' | 'port' }.
//   isorpc: Bench.items({ n }) is an async generator; isorpc's credit-based flow control paces it.
//   raw: on a request for n items the server sends n messages as fast as the transport takes them,
//   pausing only for the transport's own backpressure (socket drain, ws buffer): no flow control.
import net from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { WebSocketServer } from 'ws';
import { createServer } from '../dist/node.mjs';
import { encodeMessage } from './length-prefix.mjs';
import { ARG, RAW_FILLER } from './payload.mjs';

const { impl, transport } = workerData;

if (impl === 'isorpc') {
  const server = createServer().register('Bench', {
    async *items({ n }) {
      for (let i = 0; i < n; i++) yield ARG;
    },
  });
  if (transport === 'port') {
    server.accept(parentPort);
    parentPort.postMessage({ address: 'port' });
  } else {
    parentPort.postMessage({ address: await server.listen(`${transport}://127.0.0.1:0${transport === 'ws' ? '/' : ''}`) });
  }
} else if (transport === 'tcp') {
  const message = encodeMessage(1, RAW_FILLER);
  const server = net.createServer({ noDelay: true }, (socket) => {
    socket.on('data', async (request) => {
      const n = request.readUInt32BE(0);
      for (let i = 0; i < n; i++) {
        if (!socket.write(message)) await new Promise((resolve) => socket.once('drain', resolve));
      }
    });
  });
  server.listen(0, '127.0.0.1', () => parentPort.postMessage({ address: `127.0.0.1:${server.address().port}` }));
} else if (transport === 'ws') {
  const message = encodeMessage(1, RAW_FILLER).subarray(4);
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (socket) =>
    socket.on('message', async (request) => {
      const n = Number(request.toString());
      for (let i = 0; i < n; i++) {
        socket.send(message);
        if (socket.bufferedAmount > 1 << 20) while (socket.bufferedAmount > 1 << 18) await new Promise((resolve) => setImmediate(resolve));
      }
    }),
  );
  server.on('listening', () => parentPort.postMessage({ address: `ws://127.0.0.1:${server.address().port}` }));
} else {
  parentPort.on('message', ({ n }) => {
    for (let i = 0; i < n; i++) parentPort.postMessage({ id: i, payload: ARG });
  });
  parentPort.postMessage({ address: 'port' });
}
